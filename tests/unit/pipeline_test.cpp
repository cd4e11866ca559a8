#include "util/pipeline.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rolemig {

namespace {

// Puts batches 0..n-1, then throws `fail` if given; records how far it got.
struct Producer {
  int n;
  const char* fail = nullptr;
  int put = 0;  // batches accepted
  bool refused = false;
  template <class Put>
  void operator()(const Put& give) {
    for (int i = 0; i < n; ++i) {
      if (!give(int{i})) {
        refused = true;
        return;
      }
      ++put;
    }
    if (fail) throw std::runtime_error(fail);
  }
};

}  // namespace

TEST(RunPipelined, EveryBatchIsConsumedInOrder) {
  Producer produce{1000};
  std::vector<int> seen;
  run_pipelined<int>(produce, [&](int b) {
    seen.push_back(b);
    return true;
  });
  ASSERT_EQ(seen.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], i);
}

TEST(RunPipelined, AProducersFailureComesAfterTheBatchesBeforeIt) {
  Producer produce{50, "broken input"};
  std::vector<int> seen;
  try {
    run_pipelined<int>(produce, [&](int b) {
      seen.push_back(b);
      return true;
    });
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "broken input");
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(RunPipelined, AConsumerThatStopsHearsNothingOfALaterFailure) {
  Producer produce{50, "broken input"};
  std::vector<int> seen;
  run_pipelined<int>(produce, [&](int b) {
    seen.push_back(b);
    return b < 9;  // stops after batch 9
  });
  EXPECT_EQ(seen.size(), 10u);
}

TEST(RunPipelined, AConsumersFailureStopsTheProducer) {
  Producer produce{100000};
  try {
    run_pipelined<int>(
        produce,
        [&](int b) {
          if (b == 3) throw std::runtime_error("consumer");
          return true;
        },
        2);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "consumer");
  }
  // At most the batches consumed, those waiting and the one being put.
  EXPECT_LE(produce.put, 3 + 1 + 2 + 1);
  EXPECT_TRUE(produce.refused);
}

}  // namespace rolemig
