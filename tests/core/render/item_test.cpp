#include "core/render/item.hpp"

#include <gtest/gtest.h>

#include "dom_model.hpp"

namespace chatkit::render {
namespace {

// An item of `type` with `fields` and the common id / thread / time fields.
ThreadItem item(std::string_view id, std::string_view type, std::string_view fields) {
  json j = json::parse(fields);
  j["id"] = id;
  j["thread_id"] = "thr_1";
  j["created_at"] = "2025-01-02T03:04:05Z";
  j["type"] = type;
  auto decoded = decode_item(j);
  EXPECT_TRUE(decoded.ok()) << j.dump();
  return decoded.ok() ? *decoded : ThreadItem(EndOfTurnItem{});
}

std::string html(const ThreadItem& i) {
  const auto node = render_item(i);
  return node ? testing::to_html(*node) : "<hidden>";
}

TEST(ItemRender, UserMessageWithQuoteTagAndAttachments) {
  EXPECT_EQ(html(item("u1", "user_message", R"J({"content":[{"type":"input_text","text":"hi <b>"},
      {"type":"input_tag","id":"e1","text":"@Doc","data":{}}],
      "attachments":[{"id":"a1","name":"p.png","mime_type":"image/png","type":"image","preview_url":"https://x/p.png"},
                     {"id":"a2","name":"f.pdf","mime_type":"application/pdf","type":"file"},
                     {"id":"a3","name":"evil.png","mime_type":"image/png","type":"image","preview_url":"javascript:alert(1)"}],
      "quoted_text":"q","inference_options":{}})J")),
            R"(<div class="ck-item ck-item-user-message" data-ck-item="u1"><blockquote class="ck-quoted">q</blockquote>)"
            R"(<div class="ck-user-content"><span class="ck-input-text">hi &lt;b&gt;</span><span class="ck-tag" data-ck-tag="e1">@Doc</span></div>)"
            R"(<div class="ck-attachments"><img class="ck-attachment ck-attachment-image" src="https://x/p.png" alt="p.png">)"
            R"(<span class="ck-attachment ck-attachment-file">f.pdf</span><span class="ck-attachment ck-attachment-file">evil.png</span></div></div>)");
}

TEST(ItemRender, AssistantMessagePartsAreKeyedMarkdownWithSources) {
  const ThreadItem message = item("m1", "assistant_message", R"({"content":[{"type":"output_text","text":"# Hi\n\nthere",
      "annotations":[{"type":"annotation","source":{"type":"url","title":"Ex","url":"https://ex.com"}},
                     {"type":"annotation","source":{"type":"file","title":"","filename":"f.txt"}},
                     {"type":"annotation","source":{"type":"entity","title":"E","id":"e","label":"Lbl"}},
                     {"type":"annotation","source":{"type":"url","title":"Bad","url":"javascript:x"}}]},
      {"type":"output_text","text":"second"}]})");
  EXPECT_EQ(html(message),
            R"(<div class="ck-item ck-item-assistant-message" data-ck-item="m1"><div class="ck-content"><h1 class="ck-md-h1">Hi</h1>)"
            R"(<p class="ck-md-p">there</p><ol class="ck-sources"><li class="ck-source"><a href="https://ex.com" target="_blank" rel="noopener noreferrer">Ex</a></li>)"
            R"(<li class="ck-source"><span>f.txt</span></li><li class="ck-source"><span>Lbl</span></li><li class="ck-source"><span>Bad</span></li></ol></div>)"
            R"(<div class="ck-content"><p class="ck-md-p">second</p></div></div>)");
  const Node node = *render_item(message);
  EXPECT_EQ(node.element()->key, "m1");
  const Element& part = *node.element()->children[0].element();
  EXPECT_EQ(part.key, "m1#0");
  EXPECT_EQ(part.children[0].element()->key, "m1#0.0");
  EXPECT_EQ(part.children[1].element()->key, "m1#0.1");
  EXPECT_EQ(part.children[2].element()->key, "");
  EXPECT_EQ(node.element()->children[1].element()->key, "m1#1");
}

TEST(ItemRender, ToolCallWidgetImageAndEndOfTurn) {
  EXPECT_EQ(html(item("tc1", "client_tool_call", R"({"status":"completed","call_id":"c","name":"get_sel","arguments":{}})")),
            R"(<div class="ck-item ck-item-client-tool-call" data-ck-item="tc1"><span class="ck-tool-name">get_sel</span>)"
            R"(<span class="ck-tool-status ck-status-completed">completed</span></div>)");
  EXPECT_EQ(html(item("w1", "widget", R"({"widget":{"type":"Card","children":[]},"copy_text":"copy me"})")),
            R"(<div class="ck-item ck-item-widget" data-ck-item="w1" data-ck-copy-text="copy me"><div class="ck-card"></div></div>)");
  EXPECT_EQ(html(item("g1", "generated_image", R"({"image":{"id":"i","url":"https://x/i.png"}})")),
            R"(<div class="ck-item ck-item-generated-image" data-ck-item="g1"><img class="ck-generated-image" src="https://x/i.png" alt=""></div>)");
  EXPECT_EQ(html(item("g2", "generated_image", "{}")),
            R"(<div class="ck-item ck-item-generated-image" data-ck-item="g2"><div class="ck-image-pending" role="status" aria-busy="true"></div></div>)");
  EXPECT_EQ(html(item("e1", "end_of_turn", "{}")), R"(<div class="ck-item ck-item-end-of-turn" data-ck-item="e1"></div>)");
}

TEST(ItemRender, HiddenItemsRenderNothing) {
  EXPECT_EQ(html(item("h1", "hidden_context_item", R"({"content":{"secret":1}})")), "<hidden>");
  EXPECT_EQ(html(item("h2", "sdk_hidden_context", R"({"content":"secret"})")), "<hidden>");
}

TEST(ItemRender, StructuredInputOffersOptionsWhilePending) {
  const std::string pending = R"({"status":"pending","inputs":[
      {"id":"p","question":"Priority?","type":"multiple_choice","options":[{"value":"Low"},{"value":"High"}]},
      {"id":"n","question":"Notes?","type":"freeform","description":"optional"}]})";
  EXPECT_EQ(html(item("s1", "structured_input", pending)),
            R"(<div class="ck-item ck-item-structured-input ck-status-pending" data-ck-item="s1">)"
            R"(<div class="ck-question" data-ck-question="p"><p class="ck-question-text">Priority?</p><div class="ck-options" role="group">)"
            R"(<button class="ck-option" type="button" data-ck-structured-input="s1" data-ck-question="p" data-ck-value="Low">Low</button>)"
            R"(<button class="ck-option" type="button" data-ck-structured-input="s1" data-ck-question="p" data-ck-value="High">High</button></div></div>)"
            R"(<div class="ck-question" data-ck-question="n"><p class="ck-question-text">Notes?</p><p class="ck-question-description">optional</p>)"
            R"(<textarea class="ck-freeform" data-ck-structured-input="s1" data-ck-question="n"></textarea></div></div>)");
  const std::string answered = R"({"status":"answered","inputs":[
      {"id":"p","question":"Priority?","type":"multiple_choice","options":[{"value":"Low"}],"answer":{"values":["Low"]}},
      {"id":"n","question":"Notes?","type":"freeform","answer":{"values":[],"skipped":true}}]})";
  EXPECT_EQ(html(item("s2", "structured_input", answered)),
            R"(<div class="ck-item ck-item-structured-input ck-status-answered" data-ck-item="s2">)"
            R"(<div class="ck-question" data-ck-question="p"><p class="ck-question-text">Priority?</p><div class="ck-options" role="group">)"
            R"(<button class="ck-option ck-selected" type="button" data-ck-structured-input="s2" data-ck-question="p" data-ck-value="Low" disabled="">Low</button></div>)"
            R"(<p class="ck-answer">Low</p></div><div class="ck-question" data-ck-question="n"><p class="ck-question-text">Notes?</p>)"
            R"(<p class="ck-answer ck-skipped"></p></div></div>)");
}

TEST(ItemRender, WorkflowAndTasks) {
  EXPECT_EQ(html(item("wf1", "workflow", R"({"workflow":{"type":"reasoning","expanded":true,"summary":{"duration":3},"tasks":[
      {"type":"thought","content":"think **hard**","status_indicator":"complete"},
      {"type":"web_search","title_query":"cats","queries":["cats"],"sources":[{"type":"url","title":"C","url":"https://c.io"}]}]}})")),
            R"(<div class="ck-item ck-item-workflow ck-workflow ck-workflow-reasoning ck-expanded" data-ck-item="wf1">)"
            R"(<div class="ck-workflow-summary" data-ck-duration="3">3s</div><ol class="ck-tasks">)"
            R"(<li class="ck-task ck-task-thought ck-status-complete"><div class="ck-task-content"><p class="ck-md-p">think <strong>hard</strong></p></div></li>)"
            R"(<li class="ck-task ck-task-web-search ck-status-none"><span class="ck-task-title">cats</span><ul class="ck-task-queries"><li>cats</li></ul>)"
            R"(<ul class="ck-task-sources"><li><a href="https://c.io" target="_blank" rel="noopener noreferrer">C</a></li></ul></li></ol></div>)");
  EXPECT_EQ(html(item("t1", "task", R"({"task":{"type":"custom","title":"Saved","icon":"check","content":"<b>x</b>","status_indicator":"loading"}})")),
            R"(<div class="ck-item ck-item-task" data-ck-item="t1"><div class="ck-task ck-task-custom ck-status-loading">)"
            R"(<span class="ck-icon" data-ck-icon="check" aria-hidden="true"></span><span class="ck-task-title">Saved</span>)"
            R"(<div class="ck-task-content">&lt;b&gt;x&lt;/b&gt;</div></div></div>)");
}

// Messages, thoughts and Markdown widgets all render their images with the thread's options.
TEST(ItemRender, MarkdownImagesFollowTheOptions) {
  const std::string image = R"(![c](https://img.example/c.png))";
  const std::vector<ThreadItem> items = {
      item("m", "assistant_message", R"({"content":[{"type":"output_text","text":")" + image + R"("}]})"),
      item("t", "task", R"({"task":{"type":"thought","content":")" + image + R"("}})"),
      item("w", "widget", R"({"widget":{"type":"Card","children":[{"type":"Markdown","value":")" + image + R"("}]}})"),
  };
  const MarkdownOptions allowed{.allowed_image_domains = {"img.example"}};
  for (const ThreadItem& i : items) {
    const std::string shown = testing::to_html(*render_item(i, allowed));
    EXPECT_NE(shown.find(R"(<img class="ck-md-image" src="https://img.example/c.png" alt="c">)"), std::string::npos) << shown;
    const std::string refused = html(i);
    EXPECT_EQ(refused.find("<img"), std::string::npos) << refused;
    EXPECT_NE(refused.find(R"(<a class="ck-md-link" href="https://img.example/c.png" target="_blank" rel="noopener noreferrer">c</a>)"),
              std::string::npos)
        << refused;
  }
}

}  // namespace
}  // namespace chatkit::render
