// The time budget of one mining run, polled cheaply from inner loops.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace rolemig::mining {

class Deadline {
 public:
  // `seconds` below 0 is 0; above a year, a year (the clock must not overflow).
  explicit Deadline(double seconds)
      : start_(Clock::now()), end_(start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(clamped(seconds)))) {}
  // True once the budget is spent; reads the clock every 256th call.
  bool passed() {
    if (passed_) return true;
    if ((++polls_ & 255) == 0 || polls_ == 1) passed_ = Clock::now() >= end_;
    return passed_;
  }
  // The same, reading the clock now: for loops whose steps are slow.
  bool passed_now() {
    if (!passed_) passed_ = Clock::now() >= end_;
    return passed_;
  }
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  // One of `parts` equal shares of the time left (none once it is spent):
  // what one of several independent searches may use.
  Deadline share(size_t parts) const {
    Clock::time_point now = Clock::now();
    Deadline d = *this;
    d.polls_ = 0;
    if (now < end_ && parts > 1) d.end_ = now + (end_ - now) / static_cast<Clock::rep>(parts);
    return d;
  }

 private:
  using Clock = std::chrono::steady_clock;
  static double clamped(double s) { return s > 0 ? (s < 3.2e7 ? s : 3.2e7) : 0; }
  Clock::time_point start_, end_;
  uint64_t polls_ = 0;
  bool passed_ = false;
};

}  // namespace rolemig::mining
