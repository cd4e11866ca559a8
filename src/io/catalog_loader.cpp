#include "io/catalog_loader.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <fmt/format.h>

#include "io/yaml_doc.h"
#include "util/file.h"
#include "util/text.h"

namespace rolemig {

namespace {

std::optional<Scope> parse_scope(const YamlDoc& doc, const YAML::Node& n, std::string_view what, DiagnosticSink& sink) {
  auto s = doc.scalar(n, what, sink);
  if (!s) return std::nullopt;
  if (*s == "store") return Scope::store;
  if (*s == "account") return Scope::account;
  sink.add(doc.at(n, fmt::format("expected {} to be 'store' or 'account', found {}", what, quote(*s))));
  return std::nullopt;
}

void load_permissions(Catalog& cat, const YamlDoc& doc) {
  DiagnosticSink sink;
  const auto& root = doc.root();
  if (!doc.expect_map(root, "permissions.yaml", sink) || !doc.require(root, "permissions", "permissions.yaml", sink)) {
    sink.throw_if_any();
  }
  doc.check_keys(root, {"permissions"}, "permissions.yaml", sink);
  const auto list = root["permissions"];
  if (doc.expect_seq(list, "'permissions'", sink)) {
    std::unordered_map<std::string, SourceLoc> seen;
    for (const auto& item : list) {
      if (!doc.expect_map(item, "a permission", sink)) continue;
      doc.check_keys(item, {"id", "area", "scope", "description"}, "a permission", sink);
      if (!doc.require(item, "id", "a permission", sink) || !doc.require(item, "scope", "a permission", sink)) continue;
      auto id = doc.scalar(item["id"], "'id'", sink);
      auto scope = parse_scope(doc, item["scope"], "'scope'", sink);
      std::string area = item["area"] ? doc.scalar(item["area"], "'area'", sink).value_or("") : "";
      std::string desc = item["description"] ? doc.scalar(item["description"], "'description'", sink).value_or("") : "";
      if (!id || !scope) continue;
      if (auto it = seen.find(*id); it != seen.end()) {
        Diagnostic d = doc.at(item["id"], fmt::format("expected a unique permission id, found {} again", quote(*id)));
        d.note = "first given at " + it->second.str();
        sink.add(d);
        continue;
      }
      seen.emplace(*id, doc.loc(item["id"]));
      cat.add_permission(Permission{*id, area, *scope, desc});
    }
  }
  sink.throw_if_any();
}

void load_role_entry(Catalog& cat, const YamlDoc& doc, const YAML::Node& item, bool custom, DiagnosticSink& sink) {
  if (!doc.expect_map(item, "a role", sink)) return;
  if (custom) {
    doc.check_keys(item, {"name", "description", "permissions"}, "a custom role", sink);
  } else {
    doc.check_keys(item, {"name", "description", "account_admin", "permissions", "all"}, "a role", sink);
  }
  if (!doc.require(item, "name", "a role", sink)) return;
  auto name = doc.scalar(item["name"], "'name'", sink);
  if (!name) return;
  Role r;
  r.name = std::string(trim(*name));
  r.custom = custom;
  r.where = doc.loc(item["name"]);
  if (item["description"]) r.description = doc.scalar(item["description"], "'description'", sink).value_or("");
  if (item["account_admin"]) r.account_admin = doc.boolean(item["account_admin"], "'account_admin'", sink).value_or(false);
  r.perms = cat.empty_set();
  if (!custom && item["all"]) {
    for (const auto& [s, node] : doc.scalar_list(item["all"], "'all'", YamlDoc::OneName::allowed, sink)) {
      if (s == "store")
        r.perms |= cat.scope_mask(Scope::store);
      else if (s == "account")
        r.perms |= cat.scope_mask(Scope::account);
      else
        sink.add(doc.at(node, fmt::format("expected 'store' or 'account' in 'all', found {}", quote(s))));
    }
  }
  if (item["permissions"]) {
    r.perms |= doc.permission_list(cat, item["permissions"], "'permissions'", sink);
  } else if (!item["all"] || custom) {
    sink.add(doc.at(item, fmt::format("expected role {} to have 'permissions'{}, found none", quote(r.name), custom ? "" : " or 'all'")));
    return;
  }
  // A rule's `role: "*"` (or custom:*, standard:*) means every role
  // (SPEC 2.5): a role so named could never be matched alone.
  if (r.name == "*" || iequals(r.name, "custom:*") || iequals(r.name, "standard:*")) {
    sink.add(
        doc.at(item["name"], fmt::format("expected a role name that rules can match alone, found {}, which rules read as a pattern", quote(r.name))));
    return;
  }
  std::string key = fold_case(r.name);
  if (auto existing = cat.find_role(r.name)) {
    const Role& other = cat.roles[*existing];
    Diagnostic d = doc.at(item["name"], custom && !other.custom
                                            ? fmt::format("expected a custom role name that differs from the standard roles, found {}", quote(r.name))
                                            : fmt::format("expected a unique role name, found {} again", quote(r.name)));
    d.note = (custom && !other.custom ? "standard role defined at " : "first given at ") + other.where.str();
    sink.add(d);
    return;
  }
  cat.add_role(std::move(r));
}

void load_roles(Catalog& cat, const YamlDoc& doc) {
  DiagnosticSink sink;
  const auto& root = doc.root();
  if (!doc.expect_map(root, "roles.yaml", sink) || !doc.require(root, "roles", "roles.yaml", sink)) sink.throw_if_any();
  doc.check_keys(root, {"roles"}, "roles.yaml", sink);
  if (doc.expect_seq(root["roles"], "'roles'", sink)) {
    for (const auto& item : root["roles"]) load_role_entry(cat, doc, item, false, sink);
  }
  sink.throw_if_any();
}

// policies.yaml's `account_administrators`: the group's name and what its grant reaches.
void load_admins_grant(Catalog& cat, const YamlDoc& doc, const YAML::Node& aa, DiagnosticSink& sink) {
  if (!doc.expect_map(aa, "'account_administrators'", sink)) return;
  doc.check_keys(aa, {"name", "grants_all", "description"}, "'account_administrators'", sink);
  if (aa["name"]) cat.admins.name = doc.scalar(aa["name"], "'name'", sink).value_or(cat.admins.name);
  if (!aa["grants_all"]) return;
  cat.admins.all_account = cat.admins.all_store = false;
  for (const auto& [s, node] : doc.scalar_list(aa["grants_all"], "'grants_all'", YamlDoc::OneName::allowed, sink)) {
    if (s == "store")
      cat.admins.all_store = true;
    else if (s == "account")
      cat.admins.all_account = true;
    else
      sink.add(doc.at(node, fmt::format("expected 'store' or 'account' in 'grants_all', found {}", quote(s))));
  }
}

// A policy's permissions must all be of its target's scope (SPEC 2.4): the
// error points at the first permission of the other scope, not at the list.
void check_policy_scope(const Catalog& cat, const YamlDoc& doc, const YAML::Node& item, const Policy& p, DiagnosticSink& sink) {
  Scope other = p.target == Scope::store ? Scope::account : Scope::store;
  PermSet wrong = p.perms & cat.scope_mask(other);
  if (wrong.empty()) return;
  const YAML::Node list = item["permissions"];
  Diagnostic d = doc.at(list, fmt::format("expected only {}-scope permissions in a policy with target {}, found {}", scope_name(p.target),
                                          scope_name(p.target), join(cat.names(wrong), ", ")));
  auto in_other_scope = [&](const YAML::Node& entry) {
    auto id = entry.IsScalar() ? cat.find_permission(entry.Scalar()) : std::nullopt;
    return id && wrong.test(*id);
  };
  if (list.IsSequence()) {
    auto it = std::find_if(list.begin(), list.end(), in_other_scope);
    if (it != list.end()) {
      Diagnostic first = doc.at(*it, "");
      d.loc = first.loc;
      d.source_line = first.source_line;
      d.excerpt_col = first.excerpt_col;
    }
  }
  sink.add(d);
}

void load_policy(Catalog& cat, const YamlDoc& doc, const YAML::Node& item, DiagnosticSink& sink) {
  if (!doc.expect_map(item, "a policy", sink)) return;
  doc.check_keys(item, {"name", "target", "description", "permissions"}, "a policy", sink);
  if (!doc.require(item, "name", "a policy", sink) || !doc.require(item, "target", "a policy", sink) ||
      !doc.require(item, "permissions", "a policy", sink)) {
    return;
  }
  auto name = doc.scalar(item["name"], "'name'", sink);
  auto target = parse_scope(doc, item["target"], "'target'", sink);
  if (!name || !target) return;
  Policy p;
  p.name = *name;
  p.target = *target;
  p.where = doc.loc(item["name"]);
  if (item["description"]) p.description = doc.scalar(item["description"], "'description'", sink).value_or("");
  p.perms = doc.permission_list(cat, item["permissions"], "'permissions'", sink);
  check_policy_scope(cat, doc, item, p, sink);
  if (auto existing = cat.find_policy(p.name)) {
    Diagnostic d = doc.at(item["name"], fmt::format("expected a unique policy name, found {} again", quote(p.name)));
    d.note = "first given at " + cat.policies[*existing].where.str();
    sink.add(d);
    return;
  }
  if (p.name == cat.admins.name) {
    sink.add(doc.at(item["name"], fmt::format("expected a policy name other than the Account Administrators group's, found {}", quote(p.name))));
    return;
  }
  cat.add_policy(std::move(p));
}

void load_policies(Catalog& cat, const YamlDoc& doc) {
  DiagnosticSink sink;
  const auto& root = doc.root();
  if (!doc.expect_map(root, "policies.yaml", sink) || !doc.require(root, "policies", "policies.yaml", sink)) sink.throw_if_any();
  doc.check_keys(root, {"account_administrators", "policies"}, "policies.yaml", sink);
  if (const auto aa = root["account_administrators"]) load_admins_grant(cat, doc, aa, sink);
  if (doc.expect_seq(root["policies"], "'policies'", sink)) {
    for (const auto& item : root["policies"]) load_policy(cat, doc, item, sink);
  }
  sink.throw_if_any();
}

}  // namespace

Catalog load_catalog(const CatalogSources& src) {
  Catalog cat;
  load_permissions(cat, YamlDoc(src.permissions_text, src.permissions_file));
  load_roles(cat, YamlDoc(src.roles_text, src.roles_file));
  load_policies(cat, YamlDoc(src.policies_text, src.policies_file));
  return cat;
}

CatalogSources read_catalog_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) {
    if (dir == default_catalog_dir()) throw SetupError(fmt::format("the shipped catalog is not found at {}; pass --catalog DIR", dir));
    throw InputError(Diagnostic{SourceLoc{dir, 0, 0},
                                "expected --catalog to be a directory, found " + std::string(fs::exists(dir) ? "a file" : "nothing"), "", ""});
  }
  auto path = [&](const char* name) { return (fs::path(dir) / name).string(); };
  auto shown = [&](const char* name) { return shown_catalog_path(path(name)); };
  CatalogSources src;
  auto read_one = [&](const char* name, std::string& text, std::string& file, std::string& sha256) {
    InputBytes in = read_input(path(name), kDefinitionLimit);
    text = std::move(in.bytes);
    file = shown(name);
    sha256 = std::move(in.sha256);
  };
  read_one("permissions.yaml", src.permissions_text, src.permissions_file, src.permissions_sha256);
  read_one("roles.yaml", src.roles_text, src.roles_file, src.roles_sha256);
  read_one("policies.yaml", src.policies_text, src.policies_file, src.policies_sha256);
  return src;
}

Catalog load_catalog_dir(const std::string& dir) { return load_catalog(read_catalog_dir(dir)); }

namespace {

// Where the shipped catalog is, or nullopt when it is not there. Installed:
// relative to the executable (<prefix>/bin/rolemig ->
// <prefix>/share/rolemig/mappings, ROLEMIG_CATALOG_FROM_BIN). Run from the
// build tree (the binary, or the tests, under ROLEMIG_BUILD_DIR): the
// source tree's mappings/ (ROLEMIG_SOURCE_CATALOG). These are defined for
// this file alone (CMakeLists.txt).
struct ShippedCatalog {
  std::filesystem::path expected;  // where an installed rolemig looks
  std::optional<std::string> dir;
};

const ShippedCatalog& shipped_catalog() {
  static const ShippedCatalog found = [] {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    ShippedCatalog c;
    if (ec) return c;
    c.expected = (exe.parent_path() / ROLEMIG_CATALOG_FROM_BIN).lexically_normal();
    if (fs::is_directory(c.expected)) {
      c.dir = c.expected.string();
      return c;
    }
    auto rel = exe.lexically_relative(fs::path(ROLEMIG_BUILD_DIR));
    if (!rel.empty() && *rel.begin() != ".." && fs::is_directory(ROLEMIG_SOURCE_CATALOG)) c.dir = ROLEMIG_SOURCE_CATALOG;
    return c;
  }();
  return found;
}

}  // namespace

std::string default_catalog_dir() {
  const ShippedCatalog& c = shipped_catalog();
  return c.dir.value_or(c.expected.string());
}

std::string catalog_dir_or_default(const std::optional<std::string>& catalog_dir) { return catalog_dir.value_or(default_catalog_dir()); }

std::string catalog_file(const std::string& catalog_dir, const std::string& relative) {
  namespace fs = std::filesystem;
  fs::path own = fs::path(catalog_dir) / relative;
  return fs::exists(own) ? own.string() : (fs::path(default_catalog_dir()) / relative).string();
}

std::string shown_catalog_path(const std::string& path) {
  namespace fs = std::filesystem;
  const ShippedCatalog& c = shipped_catalog();
  fs::path p(path);
  if (c.dir && p.parent_path() == fs::path(*c.dir)) return "mappings/" + p.filename().string();
  return path;
}

void load_custom_roles(Catalog& cat, const std::string& text, const std::string& file) {
  YamlDoc doc(text, file);
  DiagnosticSink sink;
  const auto& root = doc.root();
  if (root.IsNull()) return;  // an empty file defines no roles
  if (!doc.expect_map(root, "a custom roles file", sink) || !doc.require(root, "custom_roles", "a custom roles file", sink)) {
    sink.throw_if_any();
  }
  doc.check_keys(root, {"custom_roles"}, "a custom roles file", sink);
  if (doc.expect_seq(root["custom_roles"], "'custom_roles'", sink)) {
    for (const auto& item : root["custom_roles"]) load_role_entry(cat, doc, item, true, sink);
  }
  sink.throw_if_any();
}

}  // namespace rolemig
