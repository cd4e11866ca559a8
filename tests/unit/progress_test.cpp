// Progress on stderr: shown only once a run has lasted over a second, driven
// by a clock the test moves (no sleeping, no terminal).
#include "cli/progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace rolemig {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  Progress::Clock clock() {
    return [this] { return now; };
  }
};

TEST(Progress, AQuickRunPrintsNothing) {
  FakeClock t;
  std::ostringstream err;
  Progress p(err, ProgressShown::yes, t.clock(), ProgressTicks::manual);
  p.step("reading inputs");
  t.now += 400ms;
  p.tick();
  p.step("mapping and verifying");
  t.now += 600ms;  // exactly one second: not over it
  p.tick();
  p.step("writing the plan");
  p.finish();
  EXPECT_EQ(err.str(), "");
}

TEST(Progress, AStepStillRunningAfterASecondAppearsThenEveryLaterStep) {
  FakeClock t;
  std::ostringstream err;
  Progress p(err, ProgressShown::yes, t.clock(), ProgressTicks::manual);
  p.step("reading inputs");
  t.now += 300ms;
  p.step("mapping and verifying");
  p.tick();
  EXPECT_EQ(err.str(), "");
  t.now += 800ms;  // 1.1 s into the run, mapping still going
  p.tick();
  p.tick();  // once per step
  EXPECT_EQ(err.str(), "rolemig: mapping and verifying...\n");
  t.now += 10ms;
  p.step("writing the plan");
  EXPECT_EQ(err.str(), "rolemig: mapping and verifying...\nrolemig: writing the plan...\n");
  p.finish();
  t.now += 5s;
  p.step("too late");
  p.tick();
  EXPECT_EQ(err.str(), "rolemig: mapping and verifying...\nrolemig: writing the plan...\n");
}

TEST(Progress, ASlowFirstStepShowsWhenTheNextStarts) {
  FakeClock t;
  std::ostringstream err;
  Progress p(err, ProgressShown::yes, t.clock(), ProgressTicks::manual);
  p.step("reading inputs");
  t.now += 3s;  // no tick came: the line of the step that has ended is not printed late
  p.step("verifying the plan");
  EXPECT_EQ(err.str(), "rolemig: verifying the plan...\n");
}

TEST(Progress, NotShownPrintsNothingHowEverLong) {
  FakeClock t;
  std::ostringstream err;
  Progress p(err, ProgressShown::no, t.clock(), ProgressTicks::manual);
  p.step("reading inputs");
  t.now += 1h;
  p.tick();
  p.step("writing the plan");
  EXPECT_EQ(err.str(), "");
}

TEST(Progress, QuietOrNotATerminalIsNeverShown) {
  // The unit tests' stderr may be a terminal; --quiet wins either way.
  EXPECT_EQ(Progress::shown_on_terminal(true), ProgressShown::no);
}

TEST(Progress, TheTickerThreadStopsWithTheRun) {
  FakeClock t;
  std::ostringstream err;
  {
    Progress p(err, ProgressShown::yes, t.clock(), ProgressTicks::thread);
    p.step("reading inputs");
    p.finish();
  }
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace rolemig
