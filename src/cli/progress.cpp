#include "cli/progress.h"

#include <unistd.h>

namespace rolemig {

Progress::Progress(std::ostream& err, ProgressShown shown, Clock clock, ProgressTicks ticks)
    : err_(err), on_(shown == ProgressShown::yes), clock_(std::move(clock)), start_(clock_()) {
  if (!on_ || ticks != ProgressTicks::thread) return;
  ticker_ = std::jthread([this](const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested() && !finished_) {
      wake_.wait_for(lock, stop, std::chrono::milliseconds(100), [] { return false; });
      print_if_due();
    }
  });
}

ProgressShown Progress::shown_on_terminal(bool quiet) { return !quiet && ::isatty(STDERR_FILENO) ? ProgressShown::yes : ProgressShown::no; }

Progress::~Progress() { finish(); }

void Progress::step(std::string_view what) {
  if (!on_) return;
  std::lock_guard lock(mutex_);
  if (finished_) return;
  pending_ = what;
  print_if_due();
}

void Progress::tick() {
  if (!on_) return;
  std::lock_guard lock(mutex_);
  print_if_due();
}

void Progress::finish() {
  if (!on_) return;
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
    pending_.clear();
  }
  if (ticker_.joinable()) {
    ticker_.request_stop();
    ticker_.join();
  }
}

void Progress::print_if_due() {
  if (finished_ || pending_.empty() || clock_() - start_ <= kDelay) return;
  err_ << "rolemig: " << pending_ << "...\n" << std::flush;
  pending_.clear();
}

}  // namespace rolemig
