#include "util/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>

namespace rolemig {

TEST(RunBoth, RunsBothStepsAndReturnsWhenBothHaveEnded) {
  std::atomic<int> first{0}, second{0};
  run_both([&] { first = 1; }, [&] { second = 2; });
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 2);
}

TEST(RunBoth, FirstStepsFailureIsThrownAsIfItRanFirst) {
  bool second_ended = false;
  try {
    run_both([] { throw std::runtime_error("first"); },
             [&] {
               second_ended = true;
               throw std::runtime_error("second");
             });
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "first");
  }
  EXPECT_TRUE(second_ended);  // both ended before the throw
}

TEST(RunBoth, SecondStepsFailureIsThrownWhenTheFirstSucceeds) {
  std::atomic<bool> first_ended{false};
  try {
    run_both([&] { first_ended = true; }, [] { throw std::runtime_error("second"); });
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "second");
  }
  EXPECT_TRUE(first_ended);  // joined before the throw
}

}  // namespace rolemig
