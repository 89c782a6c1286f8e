#include "cli/commands.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "core/reducer.hpp"
#include "core/sse.hpp"
#include "core/widget/diff.hpp"
#include "core/widget/template.hpp"
#include "core/widget/validate.hpp"

namespace chatkit::cli {
namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

// Files are the user's own: widget nesting, and up to 256 MiB.
constexpr JsonLimits kFileLimits{.max_depth = kWidgetJsonLimits.max_depth, .max_bytes = 256u << 20};

Result<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::not_found, "cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<json> read_widget(const std::string& path) {
  auto text = read_whole(path);
  if (!text) return text.error();
  auto parsed = parse_json(*text, kFileLimits);
  if (!parsed) return make_error(parsed.error().code, path + ": " + parsed.error().message);
  if (!parsed->is_object() || !(*parsed)["type"].is_string()) {
    return make_error(ErrorCode::invalid_widget, path + ": a widget is a JSON object with a string \"type\"");
  }
  return parsed;
}

int fail(std::ostream& err, const Error& error) {
  err << "chatkit-cli: " << describe(error) << '\n';
  return kFailed;
}

int usage(std::ostream& err, std::string_view text) {
  err << "usage: " << text << '\n';
  return kUsage;
}

Result<widget::DiffMode> parse_mode(const std::string& name) {
  if (name == "fine") return widget::DiffMode::fine;
  if (name == "reference") return widget::DiffMode::reference;
  return make_error(ErrorCode::invalid_request, "unknown --mode '" + name + "' (expected reference or fine)");
}

// Folds SSE bytes into a thread state, reading in chunks as a network client would.
Status replay_stream(std::istream& in, ThreadState& state) {
  SseDecoder decoder;
  std::size_t index = 0;
  std::string chunk(64 * 1024, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    auto messages = decoder.feed(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())));
    if (!messages) return messages.error();
    for (const auto& message : *messages) {
      auto event = parse_event(message.data);
      if (!event) return make_error(event.error().code, "event " + std::to_string(index) + ": " + event.error().message, event.error().path);
      if (auto applied = apply_event(state, *event); !applied) {
        return make_error(applied.error().code, "event " + std::to_string(index) + ": " + applied.error().message);
      }
      ++index;
    }
  }
  return decoder.finish();
}

}  // namespace

int run_diff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr std::string_view kUsageText = "chatkit-cli diff BEFORE.json AFTER.json [--mode reference|fine]";
  std::vector<std::string> files;
  std::string mode_name = "fine";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--mode" && i + 1 < args.size()) {
      mode_name = args[++i];
    } else if (args[i].rfind("--mode=", 0) == 0) {
      mode_name = args[i].substr(7);
    } else if (args[i].rfind("--", 0) == 0) {
      return usage(err, kUsageText);
    } else {
      files.push_back(args[i]);
    }
  }
  if (files.size() != 2) return usage(err, kUsageText);
  auto mode = parse_mode(mode_name);
  if (!mode) return fail(err, mode.error());
  auto before = read_widget(files[0]);
  if (!before) return fail(err, before.error());
  auto after = read_widget(files[1]);
  if (!after) return fail(err, after.error());
  for (const auto& update : widget::diff(*before, *after, *mode)) out << to_wire(encode_widget_update(update)) << '\n';
  return kOk;
}

int run_replay(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (args.size() > 1) return usage(err, "chatkit-cli replay [FILE]   (reads standard input without FILE)");
  ThreadState state;
  Status status = ok_status();
  if (args.empty() || args[0] == "-") {
    status = replay_stream(in, state);
  } else {
    std::ifstream file(args[0], std::ios::binary);
    if (!file) return fail(err, make_error(ErrorCode::not_found, "cannot open " + args[0]));
    status = replay_stream(file, state);
  }
  if (!status) return fail(err, status.error());
  out << to_wire(encode_state(state)) << '\n';
  return kOk;
}

int run_validate_widget(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() != 1) return usage(err, "chatkit-cli validate-widget FILE");
  auto text = read_whole(args[0]);
  if (!text) return fail(err, text.error());
  auto parsed = parse_json(*text, kFileLimits);
  if (!parsed) return fail(err, parsed.error());
  const auto issues = widget::validate(*parsed);
  for (const auto& issue : issues) err << args[0] << ": " << issue.path << ": " << issue.message << '\n';
  if (!issues.empty()) return kFailed;
  out << "valid\n";
  return kOk;
}

int run_template(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() != 2) return usage(err, "chatkit-cli template FILE.widget DATA.json");
  auto file = read_whole(args[0]);
  if (!file) return fail(err, file.error());
  auto parsed = widget::Template::parse(*file, args[0]);
  if (!parsed) return fail(err, parsed.error());
  auto data_text = read_whole(args[1]);
  if (!data_text) return fail(err, data_text.error());
  auto data = parse_json(*data_text, kFileLimits);
  if (!data) return fail(err, make_error(data.error().code, args[1] + ": " + data.error().message));
  auto widget = parsed->render(*data);
  if (!widget) return fail(err, widget.error());
  out << to_wire(*widget) << '\n';
  return kOk;
}

}  // namespace chatkit::cli
