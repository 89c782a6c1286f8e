// Hostile strings (tests/fixtures/render/xss/) in every text prop of every component, in every
// item field, and in Markdown: the output never gains an element, never carries an unsafe
// attribute, URL or style, and the text stays text.
#include <functional>

#include <gtest/gtest.h>

#include "core/render/item.hpp"
#include "core/render/markdown.hpp"
#include "core/render/widget.hpp"
#include "core/widget/catalogue.hpp"
#include "dom_model.hpp"
#include "support/fixtures.hpp"

namespace chatkit::render {
namespace {

std::vector<std::string> payloads() {
  return testing::read_json(testing::fixtures_dir() / "render" / "xss" / "payloads.json").get<std::vector<std::string>>();
}

std::size_t element_count(const Node& node) {
  const Element* element = node.element();
  if (element == nullptr) return 0;
  std::size_t count = 1;
  for (const Node& child : element->children) count += element_count(child);
  return count;
}

std::size_t element_count(const std::vector<Node>& nodes) {
  std::size_t count = 0;
  for (const Node& node : nodes) count += element_count(node);
  return count;
}

// Replaces every string "{{P}}" in `value` by `payload`.
json with_payload(json value, const std::string& payload) {
  if (value.is_string() && value.get<std::string>() == "{{P}}") return payload;
  if (value.is_array() || value.is_object()) {
    for (auto& child : value) child = with_payload(child, payload);
  }
  return value;
}

// Every prop a server could fill with a string, with a minimal component around it.
std::vector<std::pair<json, std::string>> hostile_components(const std::string& payload) {
  std::vector<std::pair<json, std::string>> out;
  for (const widget::ComponentSpec& spec : widget::all_specs()) {
    for (widget::Props group : spec.props) {
      for (const widget::PropSpec& prop : group) {
        if (prop.name == "children") continue;
        json component = {{"type", spec.type}, {"name", "n"}, {"value", "v"}, {"label", "l"}, {"src", "https://x.io/a.png"}};
        component[std::string(prop.name)] = payload;
        out.emplace_back(component, std::string(spec.type) + "." + std::string(prop.name));
      }
    }
  }
  return out;
}

TEST(Xss, NoComponentPropCanInjectMarkup) {
  for (const std::string& payload : payloads()) {
    for (const auto& [component, where] : hostile_components(payload)) {
      json benign = component;
      for (auto& [name, value] : benign.items()) {
        if (value == payload) value = "x";
      }
      const Node hostile = render_widget(component, "w");
      EXPECT_EQ(testing::safety_violation(hostile), "") << where << " = " << json(payload).dump();
      EXPECT_LE(element_count(hostile), element_count(render_widget(benign, "w"))) << where << " = " << json(payload).dump();
    }
  }
}

TEST(Xss, NestedActionsStatusAndOptionsStayInert) {
  for (const std::string& payload : payloads()) {
    const json card = with_payload(json::parse(R"({"type":"Card","status":{"text":"{{P}}","favicon":"{{P}}","icon":"{{P}}"},
        "confirm":{"label":"{{P}}","action":{"type":"{{P}}","payload":{"{{P}}":"{{P}}"}}},
        "children":[{"type":"Select","name":"{{P}}","options":[{"value":"{{P}}","label":"{{P}}"}]},
                    {"type":"RadioGroup","name":"{{P}}","ariaLabel":"{{P}}","options":[{"value":"{{P}}","label":"{{P}}"}]},
                    {"type":"Text","value":"{{P}}","editable":{"name":"{{P}}","placeholder":"{{P}}","pattern":"{{P}}"}},
                    {"type":"Chart","data":[{"{{P}}":"{{P}}"}],"series":[{"type":"bar","dataKey":"{{P}}","label":"{{P}}"}],
                     "xAxis":{"dataKey":"{{P}}","labels":{"{{P}}":"{{P}}"}}},
                    {"type":"{{P}}","id":"{{P}}","children":[{"type":"Markdown","value":"{{P}}"}]}]})"),
                                     payload);
    const Node node = render_widget(card, payload);
    EXPECT_EQ(testing::safety_violation(node), "") << json(payload).dump();
    EXPECT_LE(element_count(node), element_count(render_widget(with_payload(card, "x"), "x"))) << json(payload).dump();
  }
}

TEST(Xss, NoItemFieldCanInjectMarkup) {
  const json items = testing::read_json(testing::fixtures_dir() / "render" / "xss" / "items.json");
  for (const std::string& payload : payloads()) {
    for (json item : items) {
      item["id"] = "i1";
      item["thread_id"] = "t";
      item["created_at"] = "2025-01-02T03:04:05Z";
      auto hostile = decode_item(with_payload(item, payload));
      auto benign = decode_item(with_payload(item, "x"));
      if (!hostile.ok()) continue;  // refused by the codec (an invalid icon name, say): nothing to render
      ASSERT_TRUE(benign.ok()) << item.dump();
      const Node node = *render_item(*hostile);
      EXPECT_EQ(testing::safety_violation(node), "") << item["type"] << " " << json(payload).dump();
      EXPECT_LE(element_count(node), element_count(*render_item(*benign))) << item["type"] << " " << json(payload).dump();
    }
  }
}

TEST(Xss, MarkdownPayloadsStayText) {
  for (const std::string& payload : payloads()) {
    const std::vector<Node> nodes = render_markdown(payload);
    EXPECT_EQ(testing::safety_violation(nodes), "") << json(payload).dump();
    EXPECT_LE(element_count(nodes), 1u) << json(payload).dump() << " → " << testing::to_html(nodes);
  }
  EXPECT_EQ(testing::to_html(render_markdown("<img src=x onerror=alert(1)>")),
            "<p class=\"ck-md-p\">&lt;img src=x onerror=alert(1)&gt;</p>");
}

// An image loads without a click: a model must not be able to make the page fetch a URL of its
// choosing (tracking, exfiltration), however it spells the host. (In Markdown, `\\` is one backslash.)
TEST(Xss, ModelImagesLoadOnlyFromOurOriginAndAllowedDomains) {
  const MarkdownOptions options{.allowed_image_domains = {"allowed.com"}};
  for (const std::string url : {"https://evil.example/t.png", "//evil.example/t.png", "///evil.example/t.png",
                                "https:evil.example/t.png", "https:/evil.example/t.png", "HTTPS://EVIL.EXAMPLE/t.png",
                                "https://allowed.com@evil.example/t.png", "https://allowed.com:pw@evil.example/t.png",
                                "https://evil.example\\\\@allowed.com/", "/\\evil.example/t.png", "https://evil.example%2F.allowed.com/",
                                "https://evil.example?.allowed.com", "https://evil.example#.allowed.com",
                                "https://allowed.com.evil.example/", "https://notallowed.com/t.png", "https://allowed%2Ecom/t.png",
                                "https://[::1]/t.png", "http://127.0.0.1/t.png", "<//evil.example/t.png>",
                                "https://evil.example/?u=https://allowed.com/", "javascript:alert(1)", "data:image/svg+xml;base64,PHN2Zz4="}) {
    for (const std::string& markdown : {"![a](" + url + ")", "[![a](" + url + ")](https://allowed.com)", "# x ![a](" + url + ")"}) {
      const std::string html = testing::to_html(render_markdown(markdown, options));
      EXPECT_EQ(html.find("<img"), std::string::npos) << markdown << " → " << html;
      EXPECT_EQ(testing::safety_violation(render_markdown(markdown, options)), "") << markdown;
    }
  }
  for (const std::string url : {"https://allowed.com/t.png", "https://CDN.Allowed.com:8443/t.png", "//allowed.com/t.png",
                                "http://allowed.com/t.png", "/t.png", "t.png", "./t.png", "data:image/png;base64,iVBORw0KGgo="}) {
    const std::string html = testing::to_html(render_markdown("![a](" + url + ")", options));
    EXPECT_NE(html.find("<img class=\"ck-md-image\" src=\"" + url + "\""), std::string::npos) << url << " → " << html;
  }
}

}  // namespace
}  // namespace chatkit::render
