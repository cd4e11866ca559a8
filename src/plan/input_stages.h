// Loading (read -> resolve) in four stages, each callable alone and on inputs
// held in memory: the catalog (and custom roles), the rules, the account
// (stores and users) and the current state (the live groups). load_inputs
// (pipeline.h) runs them in this order; `lint` needs only the first two; the
// fuzz targets run them on their inputs. A stage throws InputError for a
// problem in its inputs, and returns what it records of them for plan.json's
// `inputs`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/audit_fields.h"
#include "io/catalog_loader.h"
#include "io/current_state_reader.h"
#include "model/account_builder.h"
#include "model/catalog.h"
#include "model/rules.h"
#include "plan/plan.h"

namespace rolemig {

// One input: a file, read once when its stage runs, or text given in memory.
struct Source {
  std::string name;                 // the path as given: names the input in messages and in plan.json
  std::optional<std::string> text;  // given in memory: nothing is opened, and no SHA-256 is recorded

  static Source file(std::string path) { return Source{std::move(path), std::nullopt}; }
  static Source memory(std::string name, std::string text) { return Source{std::move(name), std::move(text)}; }
};
std::vector<Source> files(const std::vector<std::string>& paths);

// Stage 1: the catalog (SPEC 2.4), then custom roles (2.3).
struct CatalogStage {
  Catalog catalog;
  std::string dir;      // where later stages find their defaults: rules.yaml, graphql/
  bool shipped = true;  // `dir` is the shipped mappings/: its files are recorded as "mappings/<file>"
  std::vector<InputRecord> inputs;
};
// `dir` is --catalog; nullopt: the shipped catalog.
CatalogStage load_catalog_stage(const std::optional<std::string>& dir);
// A catalog held in memory (its files named as `src` names them); later
// stages take their defaults from the shipped folder.
CatalogStage load_catalog_stage(const CatalogSources& src);
// --roles: custom roles extend the stage's catalog.
void load_custom_roles_stage(CatalogStage& stage, const Source& roles);

// Stage 2: the rules (SPEC 2.5).
enum class RulesNeeded { yes, only_if_given };
struct RulesStage {
  RuleSet rules;  // empty when none were read
  std::vector<InputRecord> inputs;
};
// `rules` is --rules. Without it: the catalog's own rules.yaml, else the
// shipped one; with `needed` only_if_given, no rules at all (check-admins).
RulesStage load_rules_stage(const CatalogStage& catalog, const std::optional<Source>& rules, RulesNeeded needed = RulesNeeded::yes);

// Stage 3: the account (SPEC 2.1, 2.2).
struct AccountSources {
  std::optional<Source> stores;
  std::vector<Source> users;  // at least one
};
struct AccountStage {
  // Still open: members that a later input names and no export has (live
  // members, a reviewed plan's members) join it (touch_user) before finish().
  // Refers to the catalog it was loaded with.
  AccountBuilder builder;
  std::vector<InputRecord> inputs;
  std::optional<std::vector<std::string>> listed_stores;  // the ids the stores file lists; nullopt without one
};
// Reads the stores file, then each users export, and adds the stores the
// rules grant at. No users export is an error.
AccountStage load_account_stage(const Catalog& catalog, const RuleSet& rules, const AccountSources& src);
// The stores file alone (`lint` without an export): the ids it lists, in
// file order.
std::vector<std::string> load_store_ids(const Catalog& catalog, const Source& stores);

// Stage 4: the current state (SPEC 2.6, --current).
struct CurrentStage {
  AuditFields audit_fields;  // read even without --current: they also name expected_state.json's fields
  std::vector<CurrentGroup> groups;
  std::vector<InputRecord> inputs;
};
// `catalog_dir` is stage 1's `dir` (its graphql/audit_fields.yaml, else the
// shipped one).
CurrentStage load_current_stage(const std::string& catalog_dir, const std::vector<Source>& current);
// The live groups' members join the account (no legacy access: whatever they
// hold is a gain).
void add_live_members(AccountBuilder& account, const std::vector<CurrentGroup>& groups);

}  // namespace rolemig
