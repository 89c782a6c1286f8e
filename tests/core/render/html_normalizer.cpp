#include "html_normalizer.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include "core/render/html_entities.hpp"

namespace chatkit::testing {
namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// The block-level tags around which whitespace does not count.
bool is_block_tag(std::string_view tag) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article", "aside", "blockquote", "body", "canvas", "caption", "col", "colgroup", "dd", "div",
      "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
      "header", "hgroup", "hr", "html", "li", "main", "nav", "noscript", "ol", "output", "p", "pre", "section",
      "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), tag) != std::end(kBlocks);
}

void strip_end(std::string& text) {
  while (!text.empty() && is_space(text.back())) text.pop_back();
}

std::string_view strip_start(std::string_view text, std::string_view chars = " \t\n\r\f\v") {
  const auto first = text.find_first_not_of(chars);
  return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

std::string escape(std::string_view text, bool quote_apostrophe) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else if (c == '\'' && quote_apostrophe) out += "&#x27;";
    else out.push_back(c);
  }
  return out;
}

// The length of the character reference at the start of `text` ("&amp;", "&#35;", "&#x1F;"), or 0.
std::size_t reference_length(std::string_view text) {
  std::size_t i = 1;
  if (text.size() > 2 && text[1] == '#') {
    const bool hex = text.size() > 3 && (text[2] == 'x' || text[2] == 'X');
    i = hex ? 3 : 2;
    const std::size_t digits = i;
    while (i < text.size() && (hex ? is_hex(text[i]) : is_digit(text[i]))) ++i;
    if (i == digits || i - digits > (hex ? 6 : 7)) return 0;
  } else {
    if (text.size() < 2 || !is_letter(text[1])) return 0;
    while (i < text.size() && (is_letter(text[i]) || is_digit(text[i]))) ++i;
  }
  return i < text.size() && text[i] == ';' ? i + 1 : 0;
}

// Only the four escapes and numeric references are decoded: the reference renderers write no
// other named ones, and neither do we.
std::string decode_reference(std::string_view reference) {
  if (reference == "&amp;") return "&";
  if (reference == "&lt;") return "<";
  if (reference == "&gt;") return ">";
  if (reference == "&quot;") return "\"";
  if (reference[1] == '#') return render::decode_entity(reference).value_or(std::string(reference));
  return std::string(reference);
}

std::string decode_references(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = text[i] == '&' ? reference_length(text.substr(i)) : 0;
    if (length > 0) {
      out += decode_reference(text.substr(i, length));
      i += length;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

struct Tag {
  std::string name;
  Attributes attributes;
  bool self_closing = false;
  std::size_t length = 0;  // of the source, '<' to '>'
};

std::size_t skip_spaces(std::string_view html, std::size_t i) {
  while (i < html.size() && is_space(html[i])) ++i;
  return i;
}

// One attribute value from `i`; advances `i` past it.
std::string attribute_value(std::string_view html, std::size_t& i) {
  if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
    const auto close = html.find(html[i], i + 1);
    const std::size_t end = close == std::string_view::npos ? html.size() : close;
    std::string value(html.substr(i + 1, end - i - 1));
    i = std::min(html.size(), end + 1);
    return value;
  }
  const std::size_t start = i;
  while (i < html.size() && !is_space(html[i]) && html[i] != '>') ++i;
  return std::string(html.substr(start, i - start));
}

// A start or end tag at `html` (which starts with '<'), or nullopt when it is not one.
std::optional<Tag> parse_tag(std::string_view html) {
  std::size_t i = html.size() > 1 && html[1] == '/' ? 2 : 1;
  if (i >= html.size() || !is_letter(html[i])) return std::nullopt;
  Tag tag;
  const std::size_t name_start = i;
  while (i < html.size() && !is_space(html[i]) && html[i] != '/' && html[i] != '>') ++i;
  tag.name = lower(html.substr(name_start, i - name_start));
  while (true) {
    i = skip_spaces(html, i);
    if (i >= html.size()) return std::nullopt;
    if (html[i] == '>') break;
    if (html[i] == '/') {
      tag.self_closing = i + 1 < html.size() && html[i + 1] == '>';
      ++i;
      continue;
    }
    const std::size_t attr_start = i;
    while (i < html.size() && !is_space(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/') ++i;
    std::string name = lower(html.substr(attr_start, i - attr_start));
    std::string value;
    bool has_value = false;
    if (std::size_t j = skip_spaces(html, i); j < html.size() && html[j] == '=') {
      i = skip_spaces(html, j + 1);
      value = decode_references(attribute_value(html, i));
      has_value = true;
    }
    tag.attributes.emplace_back(std::move(name), has_value ? "=\"" + escape(value, true) + "\"" : "");
  }
  tag.length = i + 1;
  return tag;
}

class Normalizer {
 public:
  std::string run(std::string_view html) {
    std::size_t i = 0;
    while (i < html.size()) i += step(html.substr(i));
    return std::move(out_);
  }

 private:
  enum class Last { start_tag, end_tag, data, markup, reference };

  // Consumes one token at the start of `html`; returns its length.
  std::size_t step(std::string_view html) {
    if (html.starts_with("<!--")) return markup(html, html.find("-->", 4), 3);
    if (html.starts_with("<!") || html.starts_with("<?")) return markup(html, html.find('>', 2), 1);
    if (html[0] == '<') {
      if (auto tag = parse_tag(html)) {
        if (html[1] == '/') {
          end_tag(tag->name);
        } else {
          start_tag(*tag);
        }
        return tag->length;
      }
      data("<");
      return 1;
    }
    if (html[0] == '&') {
      if (const std::size_t length = reference_length(html)) {
        out_ += escape(decode_reference(html.substr(0, length)), false);
        last_ = Last::reference;
        return length;
      }
      data("&");
      return 1;
    }
    const std::size_t end = std::min(html.find_first_of("<&"), html.size());
    data(html.substr(0, end));
    return end;
  }

  std::size_t markup(std::string_view html, std::size_t close, std::size_t close_length) {
    const std::size_t length = close == std::string_view::npos ? html.size() : close + close_length;
    out_ += html.substr(0, length);
    last_ = Last::markup;
    return length;
  }

  void data(std::string_view raw) {
    const bool after_tag = last_ == Last::start_tag || last_ == Last::end_tag;
    if (after_tag && last_tag_ == "br") raw = strip_start(raw, "\n");
    std::string text;
    for (char c : raw) {
      if (in_pre_ || !is_space(c)) {
        text.push_back(c);
      } else if (text.empty() || text.back() != ' ') {
        text.push_back(' ');
      }
    }
    if (after_tag && is_block_tag(last_tag_) && !in_pre_) {
      text = std::string(strip_start(text));
      if (last_ == Last::end_tag) strip_end(text);
    }
    out_ += escape(text, false);
    last_ = Last::data;
  }

  void start_tag(Tag tag) {
    if (tag.name == "pre") in_pre_ = true;
    if (is_block_tag(tag.name)) strip_end(out_);
    std::sort(tag.attributes.begin(), tag.attributes.end());
    out_ += "<" + tag.name;
    for (const auto& [name, value] : tag.attributes) out_ += " " + name + value;
    out_ += ">";
    last_tag_ = tag.name;
    last_ = tag.self_closing ? Last::end_tag : Last::start_tag;
  }

  void end_tag(const std::string& name) {
    if (name == "pre") {
      in_pre_ = false;
    } else if (is_block_tag(name)) {
      strip_end(out_);
    }
    out_ += "</" + name + ">";
    last_tag_ = name;
    last_ = Last::end_tag;
  }

  std::string out_;
  Last last_ = Last::start_tag;
  std::string last_tag_;
  bool in_pre_ = false;
};

}  // namespace

std::string normalize_html(std::string_view html) { return Normalizer().run(html); }

}  // namespace chatkit::testing
