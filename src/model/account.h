// The legacy side after resolution: stores, users and their assignments, all
// interned. Built by AccountBuilder from readers' rows; sorted so that every
// later stage iterates deterministically.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/catalog.h"
#include "model/target.h"
#include "util/error.h"
#include "util/perm_set.h"

namespace rolemig {

enum class Status { active, invited, suspended };
std::string_view status_name(Status s);
std::optional<Status> parse_status(std::string_view s);  // case-insensitive

using UserIdx = uint32_t;

struct Store {
  std::string id;
  std::string name;
  std::string region;
};

struct User {
  std::string email;  // case-folded
  std::string user_id;
  std::string first_name;
  std::string last_name;
};

// One merged row's checkboxes and where that row is (SPEC 2.1: rows that
// differ only in extra permissions are merged).
struct CheckboxRow {
  SourceLoc where;
  PermSet extras;
};

struct Assignment {
  UserIdx user = 0;
  StoreIdx store = 0;
  std::optional<RoleIdx> role;
  bool role_inferred = false;  // JSON export: permissions equal a standard role's
  PermSet extras;              // checkbox permissions beyond the role
  PermSet perms;               // role's permissions | extras
  Status status = Status::active;
  SourceLoc where;  // the first row that gave it
  // Each distinct row's checkboxes, in reading order, when rows were merged;
  // empty for one row (its checkboxes are `extras`, at `where`): no heap
  // allocation for the common assignment.
  std::vector<CheckboxRow> rows;

  // The row that gave checkbox permission p: the first whose checkboxes hold
  // it; `where` when none does (the permission came with the role).
  const SourceLoc& checkbox_where(PermId p) const {
    for (const auto& r : rows)
      if (r.extras.test(p)) return r.where;
    return where;
  }
};

struct Account {
  std::vector<Store> stores;             // sorted by id
  std::vector<User> users;               // sorted by email
  std::vector<Assignment> assignments;   // sorted by (user, store)
  std::vector<size_t> first_assignment;  // per user: index of the first assignment; size users+1
  size_t duplicate_rows = 0;
  std::vector<Diagnostic> warnings;

  // The assignments of user u: [begin, end) indices.
  std::pair<size_t, size_t> assignments_of(UserIdx u) const { return {first_assignment[u], first_assignment[u + 1]}; }
  // Fills first_assignment from the assignments sorted by user.
  void index_assignments();
  // "account" or "store:<id>" (target.h).
  std::string target_name(Target t) const;
  // The target `name` names, when it is "account" or "store:<id>" of a store here.
  std::optional<Target> find_target(std::string_view name) const;
  std::optional<StoreIdx> find_store(std::string_view id) const;   // binary search
  std::optional<UserIdx> find_user(std::string_view email) const;  // folded email
};

}  // namespace rolemig
