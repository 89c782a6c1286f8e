// chatkit-cli: widget diffs, stream replays and widget validation from the command line, using
// exactly the core code that the server and the browser run.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace {

constexpr const char* kHelp =
    "chatkit-cli: the chatkit-cpp core on the command line\n"
    "\n"
    "  chatkit-cli diff BEFORE.json AFTER.json [--mode reference|fine]\n"
    "      Prints the widget updates that turn BEFORE into AFTER, one JSON object per line\n"
    "      (nothing for an empty diff). fine (default) sends component updates; reference\n"
    "      reproduces the ChatKit reference server (root replacement or text deltas).\n"
    "  chatkit-cli replay [FILE]\n"
    "      Reads a ChatKit SSE stream from FILE (or standard input) and prints the final state:\n"
    "      {\"thread\": ..., \"items\": [...]}.\n"
    "  chatkit-cli validate-widget FILE\n"
    "      Checks a widget against the component catalogue; prints `valid`, or each problem\n"
    "      with its JSON path on standard error.\n"
    "  chatkit-cli template FILE.widget DATA.json\n"
    "      Renders a ChatKit Studio widget template with the data (checked against its\n"
    "      jsonSchema first) and prints the validated widget JSON.\n"
    "\n"
    "Errors go to standard error; the exit status is 0 on success, 1 on failure, 2 on bad usage.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << kHelp;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "diff") return chatkit::cli::run_diff(args, std::cout, std::cerr);
  if (command == "replay") return chatkit::cli::run_replay(args, std::cin, std::cout, std::cerr);
  if (command == "validate-widget") return chatkit::cli::run_validate_widget(args, std::cout, std::cerr);
  if (command == "template") return chatkit::cli::run_template(args, std::cout, std::cerr);
  std::cerr << "chatkit-cli: unknown command '" << command << "'\n\n" << kHelp;
  return 2;
}
