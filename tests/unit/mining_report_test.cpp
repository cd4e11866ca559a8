#include "render/mining_report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace rolemig {
namespace {

mining::Decomposition result(size_t roles, size_t bound, bool optimal) {
  mining::Decomposition d;
  d.roles.resize(roles);
  d.lower_bound = bound;
  d.optimal = optimal;
  d.verified = true;
  d.seconds = 0.01234;
  return d;
}

TEST(MiningReport, TextSaysWhatWasReadAndWhatWasFound) {
  mining::Decomposition d = result(14, 14, true);
  std::ostringstream out;
  write_mining_text(MiningReport{"hc.txt", 46, 46, 1486, &d}, out);
  EXPECT_EQ(out.str(),
            "hc.txt: 46 users, 46 permissions, 1,486 assignments\n"
            "roles 14, lower bound 14, optimal yes, verified yes, 0.012 s\n");
}

TEST(MiningReport, TextOfAnUnprovenResult) {
  mining::Decomposition d = result(2988, 2911, false);
  std::ostringstream out;
  write_mining_text(MiningReport{"big.txt", 3485, 101127, 185000, &d}, out);
  EXPECT_EQ(out.str(),
            "big.txt: 3,485 users, 101,127 permissions, 185,000 assignments\n"
            "roles 2,988, lower bound 2,911, optimal no, verified yes, 0.012 s\n");
}

TEST(MiningReport, JsonIsOneObject) {
  mining::Decomposition d = result(14, 14, true);
  std::ostringstream out;
  write_mining_json(MiningReport{"hc.txt", 46, 46, 1486, &d}, out);
  EXPECT_EQ(out.str(),
            "{\n"
            "  \"file\": \"hc.txt\",\n"
            "  \"users\": 46,\n"
            "  \"permissions\": 46,\n"
            "  \"assignments\": 1486,\n"
            "  \"roles\": 14,\n"
            "  \"lower_bound\": 14,\n"
            "  \"optimal\": true,\n"
            "  \"verified\": true,\n"
            "  \"seconds\": 0.012\n"
            "}\n");
}

}  // namespace
}  // namespace rolemig
