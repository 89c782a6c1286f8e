#include "cli/commands.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "core/json_io.hpp"
#include "support/fixtures.hpp"

namespace chatkit::cli {
namespace {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

std::string fixture(const std::string& relative) { return (testing::fixtures_dir() / relative).string(); }

CliRun diff(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = run_diff(args, out, err);
  return {code, out.str(), err.str()};
}

CliRun replay(std::vector<std::string> args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = run_replay(args, in, out, err);
  return {code, out.str(), err.str()};
}

CliRun validate(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = run_validate_widget(args, out, err);
  return {code, out.str(), err.str()};
}

CliRun render_template(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = run_template(args, out, err);
  return {code, out.str(), err.str()};
}

std::vector<json> lines_as_json(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

TEST(CliDiff, PrintsOneUpdatePerLineForBothModes) {
  for (const auto& dir : testing::list_dirs("widgets")) {
    SCOPED_TRACE(dir.string());
    for (const std::string mode : {"reference", "fine"}) {
      const CliRun run = diff({(dir / "before.json").string(), (dir / "after.json").string(), "--mode", mode});
      ASSERT_EQ(run.code, 0) << run.err;
      const json expected = testing::read_json(dir / (mode + ".json"));
      EXPECT_EQ(json(lines_as_json(run.out)), expected) << mode;
      if (expected.empty()) {
        EXPECT_EQ(run.out, "");  // nothing at all for an empty diff
      }
    }
  }
}

TEST(CliDiff, DefaultsToFineMode) {
  const auto dirs = testing::list_dirs("widgets");
  ASSERT_FALSE(dirs.empty());
  const CliRun run = diff({(dirs[0] / "before.json").string(), (dirs[0] / "after.json").string()});
  EXPECT_EQ(json(lines_as_json(run.out)), testing::read_json(dirs[0] / "fine.json"));
}

TEST(CliDiff, RefusesBadArgumentsAndFilesOnStandardError) {
  const std::string widget = (testing::list_dirs("widgets")[0] / "before.json").string();
  EXPECT_EQ(diff({widget}).code, 2);
  EXPECT_EQ(diff({widget, widget, "--bogus"}).code, 2);
  const CliRun bad_mode = diff({widget, widget, "--mode", "coarse"});
  EXPECT_EQ(bad_mode.code, 1);
  EXPECT_NE(bad_mode.err.find("unknown --mode 'coarse'"), std::string::npos);
  const CliRun missing = diff({widget, "/nonexistent/after.json"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("cannot open /nonexistent/after.json"), std::string::npos);
  const CliRun not_widget = diff({widget, fixture("malformed/sse.json")});
  EXPECT_EQ(not_widget.code, 1);
  EXPECT_NE(not_widget.err.find("string \"type\""), std::string::npos);
  EXPECT_EQ(not_widget.out, "");
}

TEST(CliReplay, PrintsTheFinalStateOfEveryStreamFixture) {
  for (const auto& dir : testing::list_dirs("streams")) {
    SCOPED_TRACE(dir.string());
    const CliRun from_file = replay({(dir / "stream.sse").string()});
    ASSERT_EQ(from_file.code, 0) << from_file.err;
    EXPECT_EQ(json::parse(from_file.out), testing::read_json(dir / "state.json"));
    const CliRun from_stdin = replay({}, testing::read_file(dir / "stream.sse"));
    EXPECT_EQ(from_stdin.out, from_file.out);
  }
}

TEST(CliReplay, NamesTheEventThatBreaksTheStream) {
  const CliRun run = replay({}, "data: {\"type\":\"stream_options\",\"stream_options\":{\"allow_cancel\":true}}\n\ndata: {\"type\":\"nope\"}\n\n");
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("event 1"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
  const CliRun truncated = replay({}, "data: {\"type\":\"error\"}");
  EXPECT_EQ(truncated.code, 1);
  EXPECT_NE(truncated.err.find("truncated"), std::string::npos);
  EXPECT_EQ(replay({"a", "b"}).code, 2);
}

TEST(CliValidateWidget, AcceptsValidAndExplainsInvalidWidgets) {
  const auto valid = testing::list_files("widget_validation/valid", ".json");
  ASSERT_FALSE(valid.empty());
  const CliRun ok = validate({valid[0].string()});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out, "valid\n");
  const auto invalid = testing::list_files("widget_validation/invalid", ".json");
  ASSERT_FALSE(invalid.empty());
  // Invalid fixtures wrap the widget with its expectation; the wrapper itself is not a root.
  const CliRun bad = validate({invalid[0].string()});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("$"), std::string::npos);
  EXPECT_EQ(validate({}).code, 2);
}

TEST(CliTemplate, PrintsTheRenderedWidget) {
  const std::string dir = fixture("widget_templates/render/for_loop/");
  const auto run = render_template({dir + "card.widget", dir + "data.json"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(json::parse(run.out), testing::read_json(dir + "expected.json"));
}

TEST(CliTemplate, ExplainsTemplateAndDataErrorsOnStandardError) {
  const std::string bad = fixture("widget_templates/errors/unknown_filter/");
  auto run = render_template({bad + "card.widget", bad + "data.json"});
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "chatkit-cli: invalid_widget: unknown_filter:3:37: unknown filter 'shout'\n");
  const std::string data = fixture("widget_templates/errors/schema_required/");
  run = render_template({data + "card.widget", data + "data.json"});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("$.title is required"), std::string::npos) << run.err;
  EXPECT_EQ(render_template({bad + "card.widget", "/nonexistent/data.json"}).code, 1);
  EXPECT_EQ(render_template({bad + "card.widget"}).code, 2);
}

}  // namespace
}  // namespace chatkit::cli
