// rolemig's own usage lines and help texts (SPEC 3): what `--help` prints and
// the line that follows every usage error. Written by hand, not generated, so
// they read as documentation and never show the parser's internals.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rolemig {

// What rolemig says about one command (the command table in cli.cpp holds
// one of these per command, in help order).
struct CommandText {
  std::string_view name;
  std::string_view summary;           // its line under "Commands:" in `rolemig --help`
  std::string_view usage;             // "usage: rolemig NAME ..." (one line, no newline)
  std::string (*help)();              // `rolemig NAME --help` between the usage line and the exit status
  std::string_view exit_status = {};  // its exit status paragraph, when it reads otherwise than plan's
};
extern const CommandText kPlanText, kVerifyText, kDiffText, kCheckAdminsText, kExplainText, kSuggestText, kLintText;

// `rolemig --help`, listing `commands`, and `rolemig NAME --help`; both end
// with a newline.
std::string main_help(const std::vector<const CommandText*>& commands);
std::string command_help(const CommandText& c);

}  // namespace rolemig
