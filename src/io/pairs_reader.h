// The role-mining benchmark format (`rolemig suggest --pairs`): one
// assignment per line, `user permission`, two whitespace-separated ids
// (whole numbers from 1; the benchmark files right-align them), no header.
// Blank lines are skipped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mining/role_miner.h"

namespace rolemig {

struct PairsMatrix {
  // Users and permissions renumbered densely in order of their ids: row i is
  // the i-th smallest user id, item j the j-th smallest permission id.
  mining::Matrix matrix;
  size_t users = 0, permissions = 0, assignments = 0;  // those holding / held by an assignment; lines
};

// Parses `text` read from `file` (the name shown in messages). Throws
// InputError with every problem (up to the DiagnosticSink cap): "expected a
// user id (a whole number from 1), found ...", a missing permission id, a
// third field, a pair given twice (with "first given at"), no pair at all.
PairsMatrix parse_pairs(std::string_view text, const std::string& file);

// Reads `path` once (read_input: pipes work) and parses it.
PairsMatrix read_pairs(const std::string& path);

}  // namespace rolemig
