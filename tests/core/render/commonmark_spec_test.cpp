// The examples of the CommonMark spec 0.31.2 (npm commonmark-spec, extracted by the build into
// the JSON file CHATKIT_COMMONMARK_SPEC_JSON names): each is rendered, written as reference HTML
// (commonmark_html.hpp), normalised like the spec's own runner does (html_normalizer.hpp) and
// compared. Every example must pass except those listed below, each with its reason; a listed
// example must still fail, so a fix shows up as a failure here until it is taken off the list.
#include "core/render/markdown.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "commonmark_html.hpp"
#include "dom_model.hpp"
#include "html_normalizer.hpp"
#include "support/fixtures.hpp"

namespace chatkit::render {
namespace {

// Raw HTML is text here, never markup: these sections are about passing it through.
const std::set<std::string> kRawHtmlSections = {"Raw HTML", "HTML blocks"};

// Examples in other sections whose expected output passes raw HTML through, which we show as text.
const std::map<int, std::string> kNeedsRawHtml = {
    {21, "an <a> tag with a backslash in its attribute"},
    {31, "an <a> tag with entities in its attribute"},
    {201, "<bar> after a definition that is not one"},
    {308, "an HTML comment between two lists"},
    {309, "an HTML comment between a list and indented code"},
    {344, "an <a> tag wins over a code span"},
    {475, "an <img> tag wins over emphasis"},
    {476, "an <a> tag wins over strong emphasis"},
    {477, "an <a> tag wins over strong emphasis"},
    {491, "<foo bar> is an inline tag, not a destination"},
    {494, "<b> is an inline tag, not a destination"},
    {524, "a <bar> tag wins over a link"},
    {536, "a <bar> tag wins over a reference link"},
    {642, "an <a> tag spanning a line ending"},
    {643, "an <a> tag spanning a line ending"},
};

// Destinations our sanitiser refuses (safe_url in sanitize.hpp), which keeps only the link text:
// schemes other than http, https and mailto, text before a colon that is no scheme, a backslash
// (which browsers read as a slash), and an empty destination.
const std::map<int, std::string> kRefusedUrls = {
    {20, "a backslash in the URL"},
    {200, "an empty destination"},
    {202, "a backslash in the URL"},
    {485, "an empty destination"},
    {486, "an empty destination"},
    {487, "an empty destination"},
    {500, "'foo):' has a colon after no scheme"},
    {502, "a backslash in the URL"},
    {567, "an empty destination"},
    {596, "the irc: scheme"},
    {598, "the a+b+c: scheme"},
    {599, "the made-up-scheme: scheme"},
    {601, "the localhost: scheme"},
    {603, "a backslash in the URL"},
};

// Bare URLs and e-mail addresses are links with GFM's autolinks, which we enable on purpose.
const std::map<int, std::string> kGfmExtensions = {
    {608, "a bare URL between spaced angle brackets"},
    {611, "a bare URL"},
    {612, "a bare e-mail address"},
};

// Where md4c 0.4.8 (Debian 12), written for spec 0.30, lags 0.31.2.
const std::map<int, std::string> kLibraryLags = {
    // Spec 0.31 counts Unicode symbols (£, €) as punctuation, so `*£*bravo` can no longer open
    // emphasis; 0.30, which md4c follows, counted only punctuation proper.
    {354, "currency symbols as punctuation next to a delimiter run"},
};

struct Example {
  int number = 0;
  std::string section;
  std::string markdown;
  std::string html;
};

std::vector<Example> spec_examples() {
  const json spec = testing::read_json(CHATKIT_COMMONMARK_SPEC_JSON);
  EXPECT_EQ(spec.at("version"), "0.31.2");
  std::vector<Example> examples;
  for (const json& e : spec.at("examples")) {
    examples.push_back({e.at("number").get<int>(), e.at("section").get<std::string>(), e.at("markdown").get<std::string>(),
                        e.at("html").get<std::string>()});
  }
  return examples;
}

bool passes(const Example& example) {
  const std::string ours = testing::reference_html(render_markdown(example.markdown));
  return testing::normalize_html(ours) == testing::normalize_html(example.html);
}

const std::string* listed_reason(int number) {
  for (const auto* list : {&kNeedsRawHtml, &kRefusedUrls, &kGfmExtensions, &kLibraryLags}) {
    if (const auto found = list->find(number); found != list->end()) return &found->second;
  }
  return nullptr;
}

TEST(CommonMarkSpec, EveryExampleOutsideRawHtmlPassesOrIsListedWithItsReason) {
  const std::vector<Example> examples = spec_examples();
  ASSERT_EQ(examples.size(), 652u);
  int counted = 0;
  int passed = 0;
  for (const Example& example : examples) {
    if (kRawHtmlSections.count(example.section) != 0) continue;
    ++counted;
    const bool ok = passes(example);
    passed += ok ? 1 : 0;
    const std::string* reason = listed_reason(example.number);
    const std::string ours = testing::reference_html(render_markdown(example.markdown));
    if (reason == nullptr) {
      EXPECT_TRUE(ok) << "example " << example.number << " (" << example.section << ")\n"
                      << json(example.markdown).dump() << "\nexpected " << testing::normalize_html(example.html)
                      << "\nrendered " << testing::normalize_html(ours);
    } else {
      EXPECT_FALSE(ok) << "example " << example.number << " passes now: take it off its list (" << *reason << ")";
    }
  }
  std::printf("CommonMark 0.31.2 outside raw HTML: %d of %d examples pass\n", passed, counted);
}

// Raw HTML never reaches the DOM: whatever those examples hold renders as safe elements only.
TEST(CommonMarkSpec, RawHtmlExamplesStayInert) {
  int counted = 0;
  for (const Example& example : spec_examples()) {
    const bool needs_html = kNeedsRawHtml.count(example.number) != 0;
    if (kRawHtmlSections.count(example.section) == 0 && !needs_html) continue;
    ++counted;
    EXPECT_EQ(testing::safety_violation(render_markdown(example.markdown)), "") << example.number;
    if (needs_html) {
      EXPECT_NE(example.markdown.find('<'), std::string::npos) << example.number << " holds no tag";
    }
  }
  EXPECT_EQ(counted, 64 + static_cast<int>(kNeedsRawHtml.size()));
}

// Every example renders safely under the same checks as the XSS suite.
TEST(CommonMarkSpec, EveryExampleIsSafe) {
  for (const Example& example : spec_examples()) {
    EXPECT_EQ(testing::safety_violation(render_markdown(example.markdown)), "") << example.number;
  }
}

}  // namespace
}  // namespace chatkit::render
