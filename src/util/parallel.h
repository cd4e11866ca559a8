// Two independent steps on both cores.
#pragma once

#include <exception>
#include <system_error>
#include <thread>
#include <utility>

namespace rolemig {

// Runs `first` on another thread while `second` runs on this one, for steps
// that only read what they share and write apart. Returns when both have
// ended. An exception is thrown as running them one after the other would
// have: `first`'s if it threw, else `second`'s. When no thread can be
// started, runs them one after the other here.
template <class First, class Second>
void run_both(First&& first, Second&& second) {
  std::exception_ptr first_failed;
  std::thread helper;
  try {
    helper = std::thread([&] {
      try {
        first();
      } catch (...) {
        first_failed = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    first();
    second();
    return;
  }
  std::exception_ptr second_failed;
  try {
    second();
  } catch (...) {
    second_failed = std::current_exception();
  }
  helper.join();
  if (first_failed) std::rethrow_exception(first_failed);
  if (second_failed) std::rethrow_exception(second_failed);
}

}  // namespace rolemig
