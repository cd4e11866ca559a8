#include "plan/input_stages.h"

#include <filesystem>
#include <sstream>

#include "io/rules_loader.h"
#include "io/stores_csv_reader.h"
#include "io/users_reader.h"
#include "util/file.h"

namespace rolemig {

namespace fs = std::filesystem;

namespace {

// Every input is read once: what is parsed and what is hashed are the same
// bytes, and a pipe or a FIFO works like a file.
InputBytes read_source(const Source& s, const InputLimit& limit) {
  if (s.text) return InputBytes{*s.text, ""};
  return read_input(s.name, limit);
}

// Shipped defaults are recorded by their place in the project, so plan.json
// does not depend on where the project was cloned.
std::string shown_path(const std::string& path, bool shipped) { return shipped ? "mappings/" + fs::path(path).filename().string() : path; }

// The rules read without --rules: the catalog's own, else the shipped ones.
struct DefaultRules {
  std::string path;
  bool shipped;
};
DefaultRules default_rules(const CatalogStage& catalog) {
  std::string path = catalog_file(catalog.dir, "rules.yaml");
  bool own = path == (fs::path(catalog.dir) / "rules.yaml").string();
  return {path, catalog.shipped || !own};
}

RulesStage read_rules(const Catalog& catalog, const Source& src, std::string recorded_as) {
  RulesStage stage;
  InputBytes in = read_source(src, kDefinitionLimit);
  stage.rules = load_rules(catalog, in.bytes, src.name);
  stage.inputs.push_back({"rules", std::move(recorded_as), std::move(in.sha256)});
  return stage;
}

}  // namespace

std::vector<Source> files(const std::vector<std::string>& paths) {
  std::vector<Source> out;
  for (const auto& p : paths) out.push_back(Source::file(p));
  return out;
}

CatalogStage load_catalog_stage(const std::optional<std::string>& dir) {
  CatalogStage stage;
  stage.shipped = !dir;
  stage.dir = catalog_dir_or_default(dir);
  CatalogSources src = read_catalog_dir(stage.dir);
  for (const auto& [name, sha256] : {std::pair{"permissions.yaml", &src.permissions_sha256}, std::pair{"roles.yaml", &src.roles_sha256},
                                     std::pair{"policies.yaml", &src.policies_sha256}}) {
    stage.inputs.push_back({"catalog", shown_path((fs::path(stage.dir) / name).string(), stage.shipped), *sha256});
  }
  stage.catalog = load_catalog(src);
  return stage;
}

CatalogStage load_catalog_stage(const CatalogSources& src) {
  CatalogStage stage;
  stage.dir = default_catalog_dir();
  stage.inputs = {{"catalog", src.permissions_file, src.permissions_sha256},
                  {"catalog", src.roles_file, src.roles_sha256},
                  {"catalog", src.policies_file, src.policies_sha256}};
  stage.catalog = load_catalog(src);
  return stage;
}

void load_custom_roles_stage(CatalogStage& stage, const Source& roles) {
  InputBytes in = read_source(roles, kDefinitionLimit);
  load_custom_roles(stage.catalog, in.bytes, roles.name);
  stage.inputs.push_back({"roles", roles.name, std::move(in.sha256)});
}

RulesStage load_rules_stage(const CatalogStage& catalog, const std::optional<Source>& rules, RulesNeeded needed) {
  if (rules) return read_rules(catalog.catalog, *rules, rules->name);
  if (needed == RulesNeeded::only_if_given) return {};
  DefaultRules fallback = default_rules(catalog);
  return read_rules(catalog.catalog, Source::file(fallback.path), shown_path(fallback.path, fallback.shipped));
}

namespace {

void read_stores_stage(const Source& stores, AccountBuilder& builder, std::vector<InputRecord>& inputs) {
  InputBytes in = read_source(stores, kExportLimit);
  std::istringstream text(std::move(in.bytes));
  read_stores_csv(text, stores.name, builder);
  inputs.push_back({"stores", stores.name, std::move(in.sha256)});
}

}  // namespace

std::vector<std::string> load_store_ids(const Catalog& catalog, const Source& stores) {
  AccountBuilder builder(catalog);
  std::vector<InputRecord> inputs;
  read_stores_stage(stores, builder, inputs);
  return builder.store_ids();
}

AccountStage load_account_stage(const Catalog& catalog, const RuleSet& rules, const AccountSources& src) {
  AccountStage stage{AccountBuilder(catalog), {}, std::nullopt};
  if (src.stores) {
    read_stores_stage(*src.stores, stage.builder, stage.inputs);
    stage.listed_stores = stage.builder.store_ids();
  }
  if (src.users.empty()) {
    throw InputError(Diagnostic{SourceLoc{"rolemig", 0, 0}, "expected at least one --users FILE, found none", "", ""});
  }
  for (const auto& u : src.users) {
    if (u.text) {
      read_users_text(*u.text, u.name, catalog, stage.builder);
      stage.inputs.push_back({"users", u.name, ""});
      continue;
    }
    // Parsed as it is read (a 1M-user JSON export is 1.3 GB): what is
    // hashed is still exactly what was parsed, once.
    InputReader in(u.name, kExportLimit);
    read_users_input(in, u.name, catalog, stage.builder);
    stage.inputs.push_back({"users", u.name, in.sha256()});
  }
  for (const auto& g : rules.groups) {
    for (const auto& grant : g.grants)
      if (grant.kind == GrantDef::Kind::fixed_store) stage.builder.touch_store(grant.store_id);
  }
  return stage;
}

CurrentStage load_current_stage(const std::string& catalog_dir, const std::vector<Source>& current) {
  CurrentStage stage;
  stage.audit_fields = load_audit_fields(catalog_dir);
  for (const auto& c : current) {
    InputBytes in = read_source(c, kExportLimit);
    read_current_state(in.bytes, c.name, stage.audit_fields, stage.groups);
    stage.inputs.push_back({"current", c.name, std::move(in.sha256)});
  }
  return stage;
}

void add_live_members(AccountBuilder& account, const std::vector<CurrentGroup>& groups) {
  for (const auto& g : groups)
    for (const auto& m : g.members) account.touch_user(m.email);
}

}  // namespace rolemig
