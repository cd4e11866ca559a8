#include "render/lint_writer.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "util/text.h"

namespace rolemig {

namespace {

std::string plural(size_t n, std::string_view one, std::string_view many) { return with_commas(n) + " " + std::string(n == 1 ? one : many); }

std::string summary_line(const LintReport& r) {
  std::string line = r.findings.empty() ? std::string("no findings") : plural(r.findings.size(), "finding", "findings");
  if (!r.findings.empty()) {
    std::map<LintKind, size_t> per_kind;
    for (const auto& f : r.findings) ++per_kind[f.kind];
    std::vector<std::string> parts;
    for (const auto& [kind, n] : per_kind) parts.push_back(fmt::format("{} {}", with_commas(n), lint_kind_name(kind)));
    line += " (" + join(parts, ", ") + ")";
  }
  if (const auto& c = r.coverage) {
    line += fmt::format("; {}: {} in explicit groups, {} fall to derive ({} to derive alone), {} placed by no rule",
                        plural(c->assignments, "assignment", "assignments"), with_commas(c->explicit_groups), with_commas(c->derived),
                        with_commas(c->derive_only), with_commas(c->unplaced));
  }
  return line;
}

}  // namespace

void write_lint_text(const LintReport& report, std::ostream& out) {
  for (const auto& f : report.findings) out << printable(f.where.str()) << ": " << lint_kind_name(f.kind) << ": " << printable(f.message) << "\n";
  out << summary_line(report) << "\n";
}

void write_lint_json(const LintReport& report, std::ostream& out) {
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& f : report.findings) {
    findings.push_back(
        {{"kind", lint_kind_name(f.kind)}, {"file", f.where.file}, {"line", f.where.line}, {"col", f.where.col}, {"message", f.message}});
  }
  nlohmann::ordered_json coverage = nullptr;
  if (const auto& c = report.coverage) {
    coverage = {{"assignments", c->assignments},
                {"explicit_groups", c->explicit_groups},
                {"derived", c->derived},
                {"derive_only", c->derive_only},
                {"unplaced", c->unplaced}};
  }
  nlohmann::ordered_json doc{{"findings", std::move(findings)}, {"coverage", std::move(coverage)}};
  out << terminal_json(doc.dump(2)) << "\n";
}

}  // namespace rolemig
