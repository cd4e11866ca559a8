// Progress on stderr for runs that take a while (SPEC 3): a step's line
// ("rolemig: reading inputs...") appears only once the run has lasted over a
// second, so a quick run prints nothing; then every later step shows as it
// starts. Off unless stderr is a terminal, and with --quiet.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

namespace rolemig {

enum class ProgressShown { yes, no };
// Whether a thread re-checks the clock while a step runs (a step's line
// appears one second in, not when the next step starts). Tests call tick().
enum class ProgressTicks { thread, manual };

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::milliseconds kDelay{1000};

  // The run starts now (clock()).
  Progress(std::ostream& err, ProgressShown shown, Clock clock, ProgressTicks ticks);
  // For a command: shown when stderr is a terminal and not `quiet`.
  static ProgressShown shown_on_terminal(bool quiet);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // A step starts: its line is printed now if the run has lasted over
  // kDelay, else when a tick() finds it has while the step still runs.
  void step(std::string_view what);
  // Prints the current step's line if it is due and not printed yet.
  void tick();
  // The work is done (the report follows on stdout, warnings on stderr):
  // nothing is printed after this.
  void finish();

 private:
  void print_if_due();  // with mutex_ held

  std::ostream& err_;
  const bool on_;
  Clock clock_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::string pending_;  // the current step, until printed
  bool finished_ = false;
  std::jthread ticker_;  // last: stopped and joined before the rest goes
};

}  // namespace rolemig
