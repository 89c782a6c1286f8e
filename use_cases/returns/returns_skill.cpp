#include "use_cases/returns/returns_skill.hpp"

#include <functional>

#include "core/text.hpp"
#include "server/models/offline/phrase_match.hpp"

namespace chatkit::use_cases {

namespace {

using nlohmann::json;
using server::Captures;
using server::Phrase;
using server::PlannedCall;

struct Rule {
  Phrase phrase;
  std::function<std::vector<PlannedCall>(const Captures&)> calls;
};

std::vector<PlannedCall> one(std::string name, json arguments = json::object()) {
  std::vector<PlannedCall> calls;
  calls.push_back(PlannedCall{.name = std::move(name), .arguments = std::move(arguments)});
  return calls;
}

// Commas, end punctuation and quotes become spaces: "yes, keep it!" reads as "yes keep it".
std::string plain(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // A dot ends a sentence only before a space or at the end: "jane@example.com" keeps its own.
    const bool sentence_dot = c == '.' && (i + 1 == text.size() || text[i + 1] == ' ');
    out += (c == ',' || sentence_dot || c == '!' || c == '?' || c == '"' || c == ';') ? ' ' : c;
  }
  return std::string(trim(out));
}

// "#1002" or "1002": the order number's digits.
std::string order_number(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

std::vector<PlannedCall> fixed(std::string name, json arguments) {
  return one(std::move(name), std::move(arguments));
}

const std::vector<Rule>& rules() {
  static const std::vector<Rule> all = [] {
    auto reason = [](const char* id) {
      return [id](const Captures&) { return fixed("set_return_reason", {{"reason", id}}); };
    };
    auto resolution = [](const char* id) {
      return [id](const Captures&) { return fixed("set_resolution", {{"resolution", id}}); };
    };
    auto shipping = [](const char* id) {
      return [id](const Captures&) { return fixed("set_shipping_option", {{"shipping", id}}); };
    };
    auto incentive = [](bool accept) {
      return [accept](const Captures&) { return fixed("answer_retention_incentive", {{"accept", accept}}); };
    };
    auto refund = [](const Captures&) {
      auto calls = one("set_resolution", {{"resolution", "refund"}});
      calls.push_back(PlannedCall{.name = "offer_retention_incentive", .arguments = json::object()});
      return calls;
    };
    auto items = [](const Captures& m) {
      const std::string number = order_number(m[1]);
      if (number.empty()) return std::vector<PlannedCall>{};
      return one("select_return_items", {{"order_number", number}, {"item_text", std::string(trim(m[0]))}});
    };
    auto order = [](const Captures& m) {
      const std::string number = order_number(m[0]);
      if (number.empty() || number.size() != m[0].size() - (m[0].starts_with("#") ? 1 : 0)) return std::vector<PlannedCall>{};
      return one("list_returnable_items", {{"order_number", number}});
    };
    auto lookup = [](const Captures& m) { return one("lookup_customer", {{"query", std::string(trim(m[0]))}}); };
    std::vector<Rule> r;
    r.push_back({Phrase("please? show|list my|all? returns|return_history"), [](const Captures&) { return one("show_return_history"); }});
    r.push_back({Phrase("return history"), [](const Captures&) { return one("show_return_history"); }});
    r.push_back({Phrase("i_want_to|i'd_like_to|i_would_like_to|let's|please? start|make|begin a|new return"), [](const Captures&) { return one("start_return"); }});
    r.push_back({Phrase("i_want_to|i_need_to|i'd_like_to|i_would_like_to return something|an_item|an_order"), [](const Captures&) { return one("start_return"); }});
    r.push_back({Phrase("look|looking up|for? …"), lookup});
    r.push_back({Phrase("lookup|find …"), lookup});
    r.push_back({Phrase("my e-mail|email|phone|phone_number is …"), lookup});
    r.push_back({Phrase("i'm|i_am …"), [lookup](const Captures& m) {
                   return m[0].find('@') != std::string_view::npos ? lookup(m) : std::vector<PlannedCall>{};
                 }});
    r.push_back({Phrase("show|list me? my|the? orders"), [](const Captures&) { return one("list_orders"); }});
    r.push_back({Phrase("my|which orders"), [](const Captures&) { return one("list_orders"); }});
    r.push_back({Phrase("i_want_to|i'd_like_to|i_would_like_to|please? return … from order? …"), items});
    r.push_back({Phrase("can i return … from order? …"), [](const Captures& m) {
                   const std::string number = order_number(m[1]);
                   if (number.empty()) return std::vector<PlannedCall>{};
                   return one("check_eligibility", {{"order_number", number}});
                 }});
    r.push_back({Phrase("is|are order? … eligible|returnable"), [](const Captures& m) {
                   const std::string number = order_number(m[0]);
                   if (number.empty()) return std::vector<PlannedCall>{};
                   return one("check_eligibility", {{"order_number", number}});
                 }});
    r.push_back({Phrase("show|open|choose|use? order …"), order});
    r.push_back({Phrase("what can i return from order? …"), order});
    r.push_back({Phrase("what are the? reasons|return_reasons"), [](const Captures&) { return one("list_return_reasons"); }});
    r.push_back({Phrase("it|they? arrived|came|was|were damaged|broken|cracked"), reason("damaged")});
    r.push_back({Phrase("damaged|broken"), reason("damaged")});
    r.push_back({Phrase("it|they? doesn't|don't|does_not|do_not|stopped work|working"), reason("defective")});
    r.push_back({Phrase("it's|it_is? defective|faulty"), reason("defective")});
    r.push_back({Phrase("you|they? sent|got|it's|it_is? the? wrong item|one|size"), reason("wrong_item")});
    r.push_back({Phrase("wrong item"), reason("wrong_item")});
    r.push_back({Phrase("it's|it_is? not as described"), reason("not_as_described")});
    r.push_back({Phrase("it|they? doesn't|don't fit"), reason("doesnt_fit")});
    r.push_back({Phrase("it's|it_is|they're? too small|big|large|tight"), reason("doesnt_fit")});
    r.push_back({Phrase("i? changed my mind"), reason("changed_mind")});
    r.push_back({Phrase("i? don't|no_longer want|need it|them"), reason("changed_mind")});
    r.push_back({Phrase("what are my? options|resolutions"), [](const Captures&) { return one("list_resolution_options"); }});
    r.push_back({Phrase("i_want|i'd_like|i_would_like|want? a? refund please?"), refund});
    r.push_back({Phrase("refund it|me please?"), refund});
    r.push_back({Phrase("i_want|i'd_like|i_would_like|want? an? exchange|swap please?"), resolution("exchange")});
    r.push_back({Phrase("exchange|swap it|them"), resolution("exchange")});
    r.push_back({Phrase("i_want|i'd_like|i_would_like|want? store credit please?"), resolution("store_credit")});
    r.push_back({Phrase("yes|ok|okay|sure please? …"), [incentive](const Captures& m) {
                   const std::string rest = ascii_lowercase(m[0]);
                   if (rest.find("confirm") != std::string::npos || rest.find("create") != std::string::npos) {
                     return one("create_return");
                   }
                   return incentive(true)(m);
                 }});
    r.push_back({Phrase("yes|ok|okay|sure please?"), incentive(true)});
    r.push_back({Phrase("i'll|i_will? take|accept the? offer|credit|discount|bonus"), incentive(true)});
    r.push_back({Phrase("keep it with the discount"), incentive(true)});
    r.push_back({Phrase("no thanks|thank_you? …"), incentive(false)});
    r.push_back({Phrase("no|nope|no_thanks|decline"), incentive(false)});
    r.push_back({Phrase("just|i'll_keep|keep the? refund please?"), incentive(false)});
    r.push_back({Phrase("how can i send|ship it|them? back"), [](const Captures&) { return one("list_shipping_options"); }});
    r.push_back({Phrase("shipping options"), [](const Captures&) { return one("list_shipping_options"); }});
    r.push_back({Phrase("i'll? drop it|them? off at|in a|the? store|shop"), shipping("dropoff")});
    r.push_back({Phrase("drop_off|dropoff|drop-off"), shipping("dropoff")});
    r.push_back({Phrase("please? pick it|them? up"), shipping("pickup")});
    r.push_back({Phrase("pickup|pick-up|courier|courier_pickup"), shipping("pickup")});
    r.push_back({Phrase("i'll? mail|post it|them?"), shipping("mail")});
    r.push_back({Phrase("by? mail|post|a_label|print_a_label"), shipping("mail")});
    r.push_back({Phrase("how much will|do i get back"), [](const Captures&) { return one("compute_refund"); }});
    r.push_back({Phrase("compute|calculate|what's|what_is the|my refund"), [](const Captures&) { return one("compute_refund"); }});
    r.push_back({Phrase("confirm|submit|create the? return? please?"), [](const Captures&) { return one("create_return"); }});
    r.push_back({Phrase("cancel|stop the? return? please?"), [](const Captures&) { return one("cancel_return"); }});
    r.push_back({Phrase("never mind|nevermind"), [](const Captures&) { return one("cancel_return"); }});
    return r;
  }();
  return all;
}

std::string said_step(const json& draft) {
  const std::string step = draft.value("step", "");
  if (step == "customer") return "Who is the customer? Give an e-mail, phone or order number.";
  if (step == "order") return "Which order is it about?";
  if (step == "items") return "Which items come back?";
  if (step == "reason") return "Why are they coming back?";
  if (step == "resolution") return "Would you like a refund, an exchange or store credit?";
  if (step == "incentive") return "";
  if (step == "shipping") return "How will you send it back: drop off at a store, courier pickup or mail?";
  if (step == "summary") {
    return "Here is the summary (" + draft.value("refund_total", std::string("$0.00")) + "): say “confirm” to create the return or “cancel”.";
  }
  return "";
}

std::string names(const json& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item.value("name", std::string());
  return text;
}

std::string reply_to(const server::ToolExchange& exchange) {
  const json& out = exchange.output;
  if (!out.is_object()) return "Something went wrong.";
  if (out.contains("error")) return "I couldn't do that: " + out["error"].get<std::string>() + ".";
  const json draft = out.value("draft", json::object());
  const std::string& name = exchange.name;
  if (name == "start_return") return "Let's start a return. " + said_step(draft);
  if (name == "lookup_customer") {
    return "Found " + draft["customer"].value("name", std::string()) + " with " +
           std::to_string(out.value("orders", json::array()).size()) + " orders. Which order is it about?";
  }
  if (name == "list_orders") {
    std::string numbers;
    for (const auto& order : out["orders"]) numbers += (numbers.empty() ? "#" : ", #") + order.value("order_number", std::string());
    return "Orders: " + numbers + ". Which one is it about?";
  }
  if (name == "list_returnable_items" || name == "check_eligibility") {
    const json order = name == "check_eligibility" ? out : out["order"];
    std::string can, cannot;
    for (const auto& line : order.value("lines", json::array())) {
      std::string& list = line.value("eligible", false) ? can : cannot;
      list += (list.empty() ? "" : ", ") + line.value("name", std::string());
    }
    return "From order #" + order.value("order_number", std::string()) + " you can return: " + (can.empty() ? "nothing" : can) +
           "." + (cannot.empty() ? "" : " Not returnable: " + cannot + ".");
  }
  if (name == "select_return_items") return "Returning " + names(draft["items"]) + ". " + said_step(draft);
  if (name == "set_return_reason") return "Noted. " + said_step(draft);
  if (name == "list_return_reasons" || name == "list_resolution_options" || name == "list_shipping_options") {
    const json options = out.contains("reasons") ? out["reasons"] : out.contains("resolutions") ? out["resolutions"] : out["shipping_options"];
    std::string labels;
    for (const auto& o : options) labels += (labels.empty() ? "" : ", ") + o.value("label", std::string());
    return "The options: " + labels + ".";
  }
  if (name == "set_resolution") return said_step(draft);
  if (name == "offer_retention_incentive") {
    return out.value("offered", false) ? out.value("offer", std::string()) + " Would you like that?" : std::string();
  }
  if (name == "answer_retention_incentive") {
    return std::string(draft.value("incentive", "") == "accepted" ? "Store credit with the bonus it is. " : "A refund it stays. ") + said_step(draft);
  }
  if (name == "set_shipping_option") return said_step(draft);
  if (name == "compute_refund") {
    return "You get " + out.value("total", std::string()) + " back as " + out.value("paid_as", std::string()) + " (items " +
           out.value("items", std::string()) + ", restocking fee " + out.value("restocking_fee", std::string()) +
           ", shipping " + out.value("shipping", std::string()) + ", bonus " + out.value("store_credit_bonus", std::string()) + ").";
  }
  if (name == "create_return") {
    const json created = out.value("created", json::object());
    return "Return " + created.value("rma", std::string()) + " is created. " + created.value("next", std::string());
  }
  if (name == "cancel_return") return "The return is cancelled; nothing was created.";
  if (name == "show_return_history") {
    const auto count = out.value("returns", json::array()).size();
    return count == 0 ? "You have no returns yet." : "You have " + std::to_string(count) + " return" + (count == 1 ? "." : "s.");
  }
  return "Done.";
}

}  // namespace

std::vector<std::string> ReturnsSkill::tool_names() const {
  return {"start_return",          "lookup_customer",      "list_orders",           "list_returnable_items",
          "check_eligibility",     "select_return_items",  "list_return_reasons",   "set_return_reason",
          "list_resolution_options", "set_resolution",     "offer_retention_incentive", "answer_retention_incentive",
          "list_shipping_options", "set_shipping_option",  "compute_refund",        "create_return",
          "cancel_return",         "show_return_history"};
}

std::vector<PlannedCall> ReturnsSkill::plan(std::string_view message) const {
  const std::string text = plain(message);
  for (const auto& rule : rules()) {
    if (const auto match = rule.phrase.match(text)) {
      if (auto calls = rule.calls(*match); !calls.empty()) return calls;
    }
  }
  return {};
}

std::string ReturnsSkill::reply(const std::vector<server::ToolExchange>& exchanges) const {
  std::string text;
  for (const auto& exchange : exchanges) {
    const std::string said = reply_to(exchange);
    if (!said.empty()) text += (text.empty() ? "" : " ") + said;
  }
  return text.empty() ? "Done." : text;
}

std::string ReturnsSkill::help() const {
  return "I am the offline model, a few rules rather than a language model. For returns I understand: “look up "
         "jane@example.com”, “show my orders”, “return the headphones from order 1002”, “it arrived damaged”, "
         "“refund”, “exchange” or “store credit”, “yes, take the credit” or “no thanks”, “drop off at a store”, "
         "“how much will I get back?”, “confirm”, “cancel” and “show my returns”. Every card works with clicks too.";
}

}  // namespace chatkit::use_cases
