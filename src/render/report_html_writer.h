#pragma once
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "plan/plan.h"

namespace rolemig {

// How much report.html lists, so that a 100,000-user plan stays a few MB;
// past each cap the page says how many are left out and where they are
// (plan.json and the access CSVs have everything).
struct ReportCaps {
  size_t user_rows;       // rows of the per-user table (email, verdict, groups)
  size_t group_rows;      // rows of the groups table, in plan order
  size_t group_set_rows;  // rows of the users-by-groups table, one per distinct set of groups
  size_t cause_rows;      // rows of the differences-by-cause table
  size_t list_items;      // entries of one list: a group's members, an admin check's list, unverified users
};
inline constexpr ReportCaps kReportCaps{2000, 1000, 1000, 1000, 20};

// report.html (SPEC 4): one self-contained page for reviewers (inline style
// and script, nothing fetched) with the summary, inputs, groups and their
// grants, users by groups, differences by cause with filters, waivers and
// the Account Administrators check. Every text comes from render/plan_view,
// as plan.md's does, and is readable with scripts off.
void write_report_html(const Plan& plan, std::ostream& out);
void write_report_html(const Plan& plan, std::ostream& out, const ReportCaps& caps);

// Escapes text for HTML content and quoted attribute values: & < > " ' as
// character references; control characters and bytes that are not UTF-8 as
// on the terminal (printable()).
std::string html_escape(std::string_view s);

}  // namespace rolemig
