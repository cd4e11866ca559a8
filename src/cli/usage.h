// rolemig's own usage lines and help texts (SPEC 3): what `--help` prints and
// the line that follows every usage error. Written by hand, not generated, so
// they read as documentation and never show the parser's internals.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rolemig {

enum class Command { plan, verify, diff, check_admins };

// The implemented commands' names, in help order.
const std::vector<std::string>& command_names();
std::optional<Command> find_command(std::string_view name);
// Commands the contract names that this version does not have yet.
bool planned_command(std::string_view name);

// "usage: rolemig plan ..." (one line, no newline).
const std::string& usage_line(Command c);
// Every command's usage line, one per line: after an error with no command.
std::string all_usage_lines();

// `rolemig --help` and `rolemig COMMAND --help`; both end with a newline.
std::string main_help();
std::string command_help(Command c);

}  // namespace rolemig
