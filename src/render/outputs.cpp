#include "render/outputs.h"

#include <array>

#include "render/access_csv_writer.h"
#include "render/expected_state_writer.h"
#include "render/plan_json_writer.h"
#include "render/plan_markdown_writer.h"
#include "render/report_html_writer.h"
#include "render/requests_jsonl_writer.h"

namespace rolemig {

namespace {

constexpr std::array<OutputFile, 7> kPlanOutputs{{
    {"plan.json", write_plan_json},
    {"plan.md", write_plan_markdown},
    {"report.html", write_report_html},
    {"access_before.csv", write_access_before_csv},
    {"access_after.csv", write_access_after_csv},
    {"requests.jsonl", write_requests_jsonl},
    {"expected_state.json", write_expected_state},
}};

}  // namespace

std::span<const OutputFile> plan_outputs() { return kPlanOutputs; }

}  // namespace rolemig
