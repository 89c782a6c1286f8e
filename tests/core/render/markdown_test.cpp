#include "core/render/markdown.hpp"

#include <gtest/gtest.h>

#include "dom_model.hpp"
#include "support/fixtures.hpp"

namespace chatkit::render {
namespace {

// A fixture's options: the thread's allowed_image_domains, when it names some.
MarkdownOptions options_of(const json& fixture) {
  return {.allowed_image_domains = fixture.value("allowed_image_domains", std::vector<std::string>{})};
}

std::size_t count(std::string_view text, std::string_view part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(Markdown, EveryFixtureRendersAsExpected) {
  const json cases = testing::read_json(testing::fixtures_dir() / "render" / "markdown.json");
  ASSERT_GE(cases.size(), 40u);
  for (const json& c : cases) {
    const std::vector<Node> nodes = render_markdown(c["markdown"].get<std::string>(), options_of(c));
    EXPECT_EQ(testing::to_html(nodes), c["html"].get<std::string>()) << c["name"];
    EXPECT_EQ(testing::safety_violation(nodes), "") << c["name"];
  }
}

TEST(Markdown, BlocksKnowWhereTheyStart) {
  const std::string text = "# Title\n\npara one\nstill one\n\n- a\n- b\n\n```\ncode\n```\nafter";
  const std::vector<Block> blocks = parse_blocks(text);
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].start, 0u);
  EXPECT_EQ(text.substr(blocks[1].start, 8), "para one");
  EXPECT_EQ(text.substr(blocks[2].start, 3), "- a");
  EXPECT_EQ(text.substr(blocks[3].start, 3), "```");
  EXPECT_EQ(text.substr(blocks[4].start), "after");
}

// Whether the text from `blocks[i].start` parses into blocks[i…] (blocks that share a start together).
::testing::AssertionResult reparses_from(std::string_view text, const std::vector<Block>& blocks, std::size_t i,
                                         const MarkdownOptions& options) {
  const std::vector<Block> tail = parse_blocks(text.substr(blocks[i].start), options);
  if (tail.size() != blocks.size() - i) return ::testing::AssertionFailure() << tail.size() << " blocks from block " << i;
  for (std::size_t k = 0; k < tail.size(); ++k) {
    if (!(tail[k].node == blocks[i + k].node)) return ::testing::AssertionFailure() << "block " << i + k << " differs";
  }
  return ::testing::AssertionSuccess();
}

// The first of the blocks that share block i's start.
std::size_t group_of(const std::vector<Block>& blocks, std::size_t i) {
  while (i > 0 && blocks[i - 1].start == blocks[i].start) --i;
  return i;
}

// What streaming relies on: the text from a block's start re-parses into the same blocks, for the
// last two blocks of every prefix of the fixtures (those without a definition) and for every block
// of the whole, with or without allowed image domains.
TEST(Markdown, ReparsingFromABlocksStartMatchesAWholeParse) {
  const json cases = testing::read_json(testing::fixtures_dir() / "render" / "markdown.json");
  std::string all;
  for (const json& c : cases) {
    const std::string markdown = c["markdown"].get<std::string>();
    if (may_define_references(markdown)) continue;
    all += markdown + (c["name"] == "unclosed_fence_runs_to_end" ? "\n```\n\n" : "\n\n");  // the rest is no code
  }
  for (const MarkdownOptions& options : {MarkdownOptions{}, MarkdownOptions{.allowed_image_domains = {"img.example", "example.com"}}}) {
    for (std::size_t cut = 0; cut <= all.size(); cut += 7) {
      const std::string_view prefix = std::string_view(all).substr(0, cut);
      const std::vector<Block> whole = parse_blocks(prefix, options);
      if (whole.empty()) continue;
      const std::size_t last = group_of(whole, whole.size() - 1);
      EXPECT_TRUE(reparses_from(prefix, whole, last, options)) << "at " << cut;
      if (last > 0) {
        EXPECT_TRUE(reparses_from(prefix, whole, group_of(whole, last - 1), options)) << "at " << cut;
      }
    }
    const std::vector<Block> whole = parse_blocks(all, options);
    for (std::size_t i = 0; i < whole.size(); ++i) {
      if (group_of(whole, i) == i) {
        EXPECT_TRUE(reparses_from(all, whole, i, options)) << "block " << i;
      }
    }
  }
}

// md4c 0.4.8 lets a fence indented four spaces interrupt a paragraph, and reads the same line on
// its own as indented code: that block shares the paragraph's start, from where it re-parses.
TEST(Markdown, ABlockThatParsesDifferentlyAloneSharesTheStartBeforeIt) {
  const std::string text = "# T\n\naaa\n    ```\nb";
  const std::vector<Block> blocks = parse_blocks(text);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1].start, 5u);
  EXPECT_EQ(blocks[2].start, 5u);
  EXPECT_TRUE(reparses_from(text, blocks, 1, {}));
}

TEST(Markdown, WhatMayDefineReferences) {
  EXPECT_TRUE(may_define_references("[a]: /u"));
  EXPECT_TRUE(may_define_references("text\n\n  > - 1. [a\nb]: /u"));  // in containers, the label over two lines
  EXPECT_TRUE(may_define_references("- [x] task\n\nx[1]: y"));        // conservative: a line starts with '['
  EXPECT_FALSE(may_define_references("def f() -> dict[str, int]:"));
  EXPECT_FALSE(may_define_references("- [x] task\n- [ ] other"));
  EXPECT_FALSE(may_define_references("-[a]: /u\n*[b]: /v"));  // no list markers without their space
  EXPECT_TRUE(may_start_definition("   12) [a"));
  EXPECT_FALSE(may_start_definition("a [b]"));
}

// Headings, quotes, list items, table cells and link text all render images with the options.
TEST(Markdown, AllowedImagesLoadInEveryKindOfBlock) {
  const std::string image = "![i](https://cdn.img.example/i.png)";
  const std::string text = "# " + image + "\n\n> " + image + "\n\n- " + image + "\n\n| h |\n|---|\n| " + image + " |\n\n[" +
                           image + "](/page)";
  EXPECT_EQ(count(testing::to_html(render_markdown(text, {.allowed_image_domains = {"img.example"}})), "<img"), 5u);
  const std::string refused = testing::to_html(render_markdown(text));
  EXPECT_EQ(count(refused, "<img"), 0u);
  EXPECT_EQ(count(refused, "href=\"https://cdn.img.example/i.png\""), 4u);  // in the link: its alt text only
  EXPECT_EQ(count(refused, "<a "), 5u);
}

TEST(Markdown, DeepNestingIsBounded) {
  const std::string quotes(100000, '>');
  const std::vector<Node> nodes = render_markdown(quotes + " deep");
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_NE(testing::to_html(nodes).find("deep"), std::string::npos);
  const std::string stars(20000, '*');
  EXPECT_EQ(testing::to_html(render_markdown("a " + stars + " b")), "<p class=\"ck-md-p\">a " + stars + " b</p>");
}

}  // namespace
}  // namespace chatkit::render
