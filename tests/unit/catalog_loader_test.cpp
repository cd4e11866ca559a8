#include "io/catalog_loader.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace rolemig {

namespace {

const char* kPermissions = R"(permissions:
  - {id: No_Permission_Required, area: none, scope: store}
  - {id: Manage_Orders, area: orders, scope: store}
  - {id: Edit_Orders, area: orders, scope: store}
  - {id: Refund_Orders, area: orders, scope: store}
  - {id: Manage_Users, area: users, scope: account}
  - {id: Add_User, area: users, scope: account}
)";

const char* kRoles = R"(roles:
  - name: Owner
    account_admin: true
    all: [store, account]
  - name: Clerk
    permissions: [Manage_Orders, Edit_Orders]
)";

const char* kPolicies = R"(account_administrators:
  name: Account Administrators
  grants_all: account
policies:
  - name: Orders Read
    target: store
    permissions: [Manage_Orders]
  - name: Users Manage
    target: account
    permissions: [Manage_Users, Add_User]
)";

CatalogSources sources(std::string permissions = kPermissions, std::string roles = kRoles, std::string policies = kPolicies) {
  return CatalogSources{std::move(permissions), "permissions.yaml", std::move(roles), "roles.yaml", std::move(policies), "policies.yaml"};
}

std::string rendered(const InputError& e) {
  std::string out;
  for (const auto& d : e.diagnostics()) out += render(d);
  return out;
}

std::string catalog_error(const CatalogSources& src) {
  try {
    load_catalog(src);
  } catch (const InputError& e) {
    return rendered(e);
  }
  return "";
}

std::string custom_roles_error(const std::string& text) {
  try {
    Catalog cat = load_catalog(sources());
    load_custom_roles(cat, text, "custom.yaml");
  } catch (const InputError& e) {
    return rendered(e);
  }
  return "";
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(CatalogLoader, ShippedCatalogLoads) {
  Catalog cat = load_catalog_dir(ROLEMIG_SOURCE_DIR "/mappings");
  EXPECT_EQ(cat.permissions.size(), 120u);
  EXPECT_EQ(cat.roles.size(), 9u);
  EXPECT_EQ(cat.policies.size(), 36u);
  ASSERT_TRUE(cat.find_permission("Manage_Users"));
  EXPECT_EQ(cat.permissions[*cat.find_permission("Manage_Users")].scope, Scope::account);
  EXPECT_EQ(cat.permissions[*cat.find_permission("Manage_Orders")].scope, Scope::store);
  ASSERT_TRUE(cat.find_permission("No_Permission_Required"));
  EXPECT_TRUE(cat.is_ignored(*cat.find_permission("No_Permission_Required")));
  Strings roles = cat.role_names();
  EXPECT_EQ(roles, (Strings{"Store Owner", "Admin", "Marketing", "Order Fulfillment", "Product Manager", "Customer Support", "Sales Staff",
                            "Sales Manager", "Store Administrator"}));
  ASSERT_TRUE(cat.find_role("store owner"));
  const Role& owner = cat.roles[*cat.find_role("store owner")];
  EXPECT_TRUE(owner.account_admin);
  EXPECT_FALSE(owner.custom);
  // all: [store, account] is every permission but No_Permission_Required.
  EXPECT_EQ(owner.perms.count(), 119u);
  EXPECT_FALSE(cat.roles[*cat.find_role("Admin")].account_admin);
  EXPECT_EQ(cat.admins.name, "Account Administrators");
  EXPECT_TRUE(cat.admins.all_account);
  EXPECT_FALSE(cat.admins.all_store);
  ASSERT_TRUE(cat.find_policy("Account Users Manage"));
  EXPECT_EQ(cat.policies[*cat.find_policy("Account Users Manage")].target, Scope::account);
  EXPECT_EQ(cat.names(cat.policies[*cat.find_policy("Account Users Manage")].perms),
            (Strings{"Manage_Users", "Add_User", "Edit_Users", "Delete_Users"}));
}

TEST(CatalogLoader, SmallCatalogFromStrings) {
  Catalog cat = load_catalog(sources());
  EXPECT_EQ(cat.permission_ids(), (Strings{"No_Permission_Required", "Manage_Orders", "Edit_Orders", "Refund_Orders", "Manage_Users", "Add_User"}));
  EXPECT_EQ(cat.names(cat.roles[0].perms), (Strings{"Manage_Orders", "Edit_Orders", "Refund_Orders", "Manage_Users", "Add_User"}));
  EXPECT_EQ(cat.names(cat.roles[1].perms), (Strings{"Manage_Orders", "Edit_Orders"}));
  EXPECT_EQ(cat.roles[1].where.str(), "roles.yaml:5:11");
  EXPECT_EQ(cat.names(cat.scope_mask(Scope::account)), (Strings{"Manage_Users", "Add_User"}));
  EXPECT_EQ(cat.names(cat.admins_grant(Scope::account)), (Strings{"Manage_Users", "Add_User"}));
  EXPECT_TRUE(cat.admins_grant(Scope::store).empty());
}

TEST(CatalogLoader, UnknownPermissionInARoleSuggestsTheNearest) {
  EXPECT_EQ(catalog_error(sources(kPermissions,
                                  "roles:\n"
                                  "  - name: Clerk\n"
                                  "    permissions: [Manage_Orders, Edit_Ordres]\n")),
            "roles.yaml:3:34: error: expected a permission id defined in permissions.yaml, found 'Edit_Ordres'; did you mean 'Edit_Orders'?\n"
            "    3 |     permissions: [Manage_Orders, Edit_Ordres]\n"
            "      |                                  ^\n");
}

TEST(CatalogLoader, UnknownPermissionInAPolicy) {
  EXPECT_EQ(catalog_error(sources(kPermissions, kRoles,
                                  "policies:\n"
                                  "  - name: Orders Read\n"
                                  "    target: store\n"
                                  "    permissions:\n"
                                  "      - Manage_Orders\n"
                                  "      - Export_Orders\n")),
            "policies.yaml:6:9: error: expected a permission id defined in permissions.yaml, found 'Export_Orders'; did you mean 'Edit_Orders'?\n"
            "    6 |       - Export_Orders\n"
            "      |         ^\n");
}

TEST(CatalogLoader, PolicyMixingScopesIsReportedAtTheOffendingPermission) {
  EXPECT_EQ(catalog_error(sources(kPermissions, kRoles,
                                  "policies:\n"
                                  "  - name: Orders Manage\n"
                                  "    target: store\n"
                                  "    permissions: [Manage_Orders, Manage_Users, Edit_Orders, Add_User]\n")),
            "policies.yaml:4:34: error: expected only store-scope permissions in a policy with target store, found Manage_Users, Add_User\n"
            "    4 |     permissions: [Manage_Orders, Manage_Users, Edit_Orders, Add_User]\n"
            "      |                                  ^\n");
  EXPECT_EQ(catalog_error(sources(kPermissions, kRoles,
                                  "policies:\n"
                                  "  - name: Users Manage\n"
                                  "    target: account\n"
                                  "    permissions:\n"
                                  "      - Manage_Users\n"
                                  "      - Refund_Orders\n")),
            "policies.yaml:6:9: error: expected only account-scope permissions in a policy with target account, found Refund_Orders\n"
            "    6 |       - Refund_Orders\n"
            "      |         ^\n");
}

TEST(CatalogLoader, DuplicatePolicyName) {
  EXPECT_EQ(catalog_error(sources(kPermissions, kRoles,
                                  "policies:\n"
                                  "  - name: Orders Read\n"
                                  "    target: store\n"
                                  "    permissions: [Manage_Orders]\n"
                                  "  - name: Orders Read\n"
                                  "    target: store\n"
                                  "    permissions: [Edit_Orders]\n")),
            "policies.yaml:5:11: error: expected a unique policy name, found 'Orders Read' again; first given at policies.yaml:2:11\n"
            "    5 |   - name: Orders Read\n"
            "      |           ^\n");
}

TEST(CatalogLoader, PolicyNamedLikeTheAdministratorsGroup) {
  EXPECT_EQ(catalog_error(sources(kPermissions, kRoles,
                                  "policies:\n"
                                  "  - name: Account Administrators\n"
                                  "    target: account\n"
                                  "    permissions: [Manage_Users]\n")),
            "policies.yaml:2:11: error: expected a policy name other than the Account Administrators group's, found 'Account Administrators'\n"
            "    2 |   - name: Account Administrators\n"
            "      |           ^\n");
}

TEST(CatalogLoader, UnknownKeySuggestsTheNearest) {
  EXPECT_EQ(catalog_error(sources("permissions:\n"
                                  "  - id: Manage_Orders\n"
                                  "    scope: store\n"
                                  "    descripton: View orders\n")),
            "permissions.yaml:4:5: error: expected a key of a permission (id, area, scope, description), found 'descripton'; "
            "did you mean 'description'?\n"
            "    4 |     descripton: View orders\n"
            "      |     ^\n");
  EXPECT_EQ(catalog_error(sources(kPermissions,
                                  "roles:\n"
                                  "  - name: Clerk\n"
                                  "    permisions: [Manage_Orders]\n")),
            "roles.yaml:3:5: error: expected a key of a role (name, description, account_admin, permissions, all), found 'permisions'; "
            "did you mean 'permissions'?\n"
            "    3 |     permisions: [Manage_Orders]\n"
            "      |     ^\n"
            "roles.yaml:2:5: error: expected role 'Clerk' to have 'permissions' or 'all', found none\n"
            "    2 |   - name: Clerk\n"
            "      |     ^\n");
  EXPECT_EQ(catalog_error(sources(kPermissions, kRoles,
                                  "policy:\n"
                                  "  - name: Orders Read\n")),
            "policies.yaml:1:1: error: expected policies.yaml to have 'policies', found none\n"
            "    1 | policy:\n"
            "      | ^\n");
}

TEST(CatalogLoader, BadScopeAndDuplicatePermission) {
  EXPECT_EQ(catalog_error(sources("permissions:\n"
                                  "  - {id: A, scope: store}\n"
                                  "  - {id: B, scope: global}\n"
                                  "  - {id: A, scope: account}\n")),
            "permissions.yaml:3:20: error: expected 'scope' to be 'store' or 'account', found 'global'\n"
            "    3 |   - {id: B, scope: global}\n"
            "      |                    ^\n"
            "permissions.yaml:4:10: error: expected a unique permission id, found 'A' again; first given at permissions.yaml:2:10\n"
            "    4 |   - {id: A, scope: account}\n"
            "      |          ^\n");
}

TEST(CatalogLoader, BadAllScope) {
  EXPECT_EQ(catalog_error(sources(kPermissions,
                                  "roles:\n"
                                  "  - name: Owner\n"
                                  "    all: [store, acount]\n")),
            "roles.yaml:3:18: error: expected 'store' or 'account' in 'all', found 'acount'\n"
            "    3 |     all: [store, acount]\n"
            "      |                  ^\n");
}

TEST(CatalogLoader, DuplicateStandardRoleIsCaseInsensitive) {
  EXPECT_EQ(catalog_error(sources(kPermissions,
                                  "roles:\n"
                                  "  - name: Clerk\n"
                                  "    permissions: [Manage_Orders]\n"
                                  "  - name: CLERK\n"
                                  "    permissions: [Edit_Orders]\n")),
            "roles.yaml:4:11: error: expected a unique role name, found 'CLERK' again; first given at roles.yaml:2:11\n"
            "    4 |   - name: CLERK\n"
            "      |           ^\n");
}

TEST(CatalogLoader, YamlSyntaxErrorPosition) {
  // yaml-cpp notices an unclosed flow list only at the next entry: the error
  // is reported at the opening bracket, naming where parsing stopped.
  EXPECT_EQ(catalog_error(sources(kPermissions,
                                  "roles:\n"
                                  "  - name: Clerk\n"
                                  "    permissions: [Manage_Orders, Edit_Orders\n"
                                  "  - name: Other\n")),
            "roles.yaml:3:18: error: expected a closing ']' for the '[' opened here, found none; "
            "YAML parsing stopped at roles.yaml:4:9 (end of sequence flow not found)\n"
            "    3 |     permissions: [Manage_Orders, Edit_Orders\n"
            "      |                  ^\n");
  EXPECT_EQ(catalog_error(sources("permissions:\n"
                                  "  - id: A\n"
                                  "   scope: store\n")),
            "permissions.yaml:3:4: error: expected valid YAML, found a syntax error (end of sequence not found)\n"
            "    3 |    scope: store\n"
            "      |    ^\n");
}

TEST(CatalogLoader, ShippedCatalogFilesAreNamedMappingsInMessages) {
  // As in plan.json's inputs: messages do not depend on where rolemig was built.
  Catalog cat = load_catalog_dir(default_catalog_dir());
  EXPECT_EQ(cat.roles[0].where.file, "mappings/roles.yaml");
  EXPECT_EQ(shown_catalog_path(default_catalog_dir() + "/rules.yaml"), "mappings/rules.yaml");
  EXPECT_EQ(shown_catalog_path("my/catalog/rules.yaml"), "my/catalog/rules.yaml");
  try {
    load_custom_roles(cat, "custom_roles:\n  - name: admin\n    permissions: [Manage_Orders]\n", "roles.yaml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).note, "standard role defined at mappings/roles.yaml:39:11");
  }
}

TEST(CatalogLoader, InvalidUtf8) {
  EXPECT_EQ(catalog_error(sources("permissions:\n  - {id: caf\xC3, scope: store}\n")),
            "permissions.yaml:2:13: error: expected UTF-8 text, found invalid UTF-8\n"
            "    2 |   - {id: caf\xC3, scope: store}\n"
            "      |             ^\n");
}

TEST(CatalogLoader, CustomRolesLoadAfterTheStandardOnes) {
  Catalog cat = load_catalog(sources());
  load_custom_roles(cat,
                    "custom_roles:\n"
                    "  - name: Warehouse Lead\n"
                    "    description: Ships orders\n"
                    "    permissions: [Manage_Orders, Edit_Orders, Refund_Orders, No_Permission_Required]\n"
                    "  - name: Auditor\n"
                    "    permissions: [Manage_Users]\n",
                    "custom.yaml");
  ASSERT_EQ(cat.roles.size(), 4u);
  const Role& lead = cat.roles[*cat.find_role("warehouse lead")];
  EXPECT_TRUE(lead.custom);
  EXPECT_FALSE(lead.account_admin);
  EXPECT_EQ(lead.description, "Ships orders");
  EXPECT_EQ(cat.names(lead.perms), (Strings{"Manage_Orders", "Edit_Orders", "Refund_Orders"}));
  EXPECT_EQ(lead.where.str(), "custom.yaml:2:11");
  EXPECT_EQ(cat.names(cat.roles[3].perms), (Strings{"Manage_Users"}));
}

TEST(CatalogLoader, EmptyCustomRolesFileDefinesNone) {
  Catalog cat = load_catalog(sources());
  load_custom_roles(cat, "", "custom.yaml");
  load_custom_roles(cat, "# nothing yet\n", "custom.yaml");
  EXPECT_EQ(cat.roles.size(), 2u);
}

TEST(CatalogLoader, CustomRoleShadowingAStandardRoleIsAnError) {
  EXPECT_EQ(custom_roles_error("custom_roles:\n"
                               "  - name: clerk\n"
                               "    permissions: [Manage_Orders]\n"),
            "custom.yaml:2:11: error: expected a custom role name that differs from the standard roles, found 'clerk'; "
            "standard role defined at roles.yaml:5:11\n"
            "    2 |   - name: clerk\n"
            "      |           ^\n");
}

TEST(CatalogLoader, DuplicateCustomRoleName) {
  EXPECT_EQ(custom_roles_error("custom_roles:\n"
                               "  - name: Warehouse Lead\n"
                               "    permissions: [Manage_Orders]\n"
                               "  - name: warehouse lead\n"
                               "    permissions: [Edit_Orders]\n"),
            "custom.yaml:4:11: error: expected a unique role name, found 'warehouse lead' again; first given at custom.yaml:2:11\n"
            "    4 |   - name: warehouse lead\n"
            "      |           ^\n");
}

TEST(CatalogLoader, CustomRoleErrors) {
  EXPECT_EQ(custom_roles_error("custom_roles:\n"
                               "  - name: Lead\n"
                               "    account_admin: true\n"
                               "    permissions: [Manage_Ordrs]\n"
                               "  - name: Empty\n"),
            "custom.yaml:3:5: error: expected a key of a custom role (name, description, permissions), found 'account_admin'\n"
            "    3 |     account_admin: true\n"
            "      |     ^\n"
            "custom.yaml:4:19: error: expected a permission id defined in permissions.yaml, found 'Manage_Ordrs'; did you mean 'Manage_Orders'?\n"
            "    4 |     permissions: [Manage_Ordrs]\n"
            "      |                   ^\n"
            "custom.yaml:5:5: error: expected role 'Empty' to have 'permissions', found none\n"
            "    5 |   - name: Empty\n"
            "      |     ^\n");
  EXPECT_EQ(custom_roles_error("roles:\n  - name: Lead\n"),
            "custom.yaml:1:1: error: expected a custom roles file to have 'custom_roles', found none\n"
            "    1 | roles:\n"
            "      | ^\n");
}

}  // namespace rolemig
