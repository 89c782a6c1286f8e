// Attachments over real HTTP, through the real chatkit-server binary (docs/PROTOCOL.md §2.11,
// §2.15-§2.17): both upload strategies with a PNG, a PDF and a text file; the upload URL's refusals
// (another user, an expired link, a size or a type that is not what was declared, an ELF posing as
// a PNG); messages that name a foreign, unknown or unfinished attachment get a 4xx and write
// nothing; another user reaches neither the record nor its preview; delete, thread deletion and the
// TTL clean up bytes and rows; a restart keeps everything; CORS preflights for the upload paths.
#include <signal.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "process.hpp"
#include "server/attachments/url_signer.hpp"
#include "support/media_samples.hpp"
#include "test_util.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kSigningKey = "integration-test-signing-key-0123456789";

// One running binary with two users, its database and its attachments in `dir`.
class AttachmentServer {
 public:
  AttachmentServer(const fs::path& dir, std::vector<std::string> extra = {}, bool fixed_key = true) : dir_(dir) {
    std::ofstream(dir / "tokens") << "tok-alice alice\ntok-bob bob\n";
    std::vector<std::string> args = {"--port", "0", "--db", (dir / "db" / "chatkit.db").string(), "--attachments-dir",
                                     (dir / "attachments").string(), "--auth-tokens", (dir / "tokens").string(),
                                     "--web", (dir / "web").string(), "--log-level", "warn", "--model", "offline:0",
                                     "--cors-origins", "https://app.example"};
    if (fixed_key) args.insert(args.end(), {"--signing-key", kSigningKey});
    args.insert(args.end(), extra.begin(), extra.end());
    process_ = std::make_unique<ServerProcess>(server_binary(), args, dir / ("stderr" + std::to_string(runs_++) + ".log"));
    port_ = process_->wait_listening();
  }
  ~AttachmentServer() {
    if (process_) stop();
  }
  void stop() {
    process_->signal(SIGTERM);
    EXPECT_EQ(process_->wait_exit(15s), 0) << process_->stderr_text();
    process_.reset();
  }
  std::uint16_t port() const { return port_; }
  std::string stderr_text() const { return process_ ? process_->stderr_text() : ""; }
  fs::path db() const { return dir_ / "db" / "chatkit.db"; }
  std::size_t blob_files() const {
    std::size_t n = 0;
    if (!fs::exists(dir_ / "attachments")) return 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir_ / "attachments")) n += entry.is_regular_file();
    return n;
  }

 private:
  fs::path dir_;
  std::unique_ptr<ServerProcess> process_;
  std::uint16_t port_ = 0;
  static inline int runs_ = 0;
};

const Headers kAlice = bearer("tok-alice");
const Headers kBob = bearer("tok-bob");

Headers with(Headers headers, const std::string& name, const std::string& value) {
  headers.emplace_back(name, value);
  return headers;
}

// The request target of one of the server's own links ("http://127.0.0.1:PORT/chatkit/...?..." -> "/chatkit/...?...").
std::string target_of(const std::string& url) {
  const auto path = url.find("/chatkit/");
  EXPECT_NE(path, std::string::npos) << url;
  return url.substr(path);
}

std::string multipart(const std::string& boundary, const std::string& filename, const std::string& type,
                      const std::string& bytes) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nchat\r\n--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\nContent-Type: " + type +
         "\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
}

class AttachmentsTest : public ::testing::Test {
 protected:
  AttachmentServer& server() { return *server_; }
  std::uint16_t port() { return server_->port(); }

  json create(const std::string& name, std::size_t size, const std::string& type, const Headers& who = kAlice) {
    const auto response = post_chatkit(port(), request("attachments.create", {{"name", name}, {"size", size}, {"mime_type", type}}), who);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.json_body();
  }
  HttpResponse put(const json& created, const std::string& bytes, const std::string& type, const Headers& extra = {}) {
    return http_request(port(), "PUT", target_of(created["upload_descriptor"]["url"]), bytes,
                        with(extra, "Content-Type", type));
  }
  // attachments.create then the raw PUT: the finished record.
  json two_phase(const std::string& name, const std::string& type, const std::string& bytes, const Headers& who = kAlice) {
    const json created = create(name, bytes.size(), type, who);
    const auto uploaded = put(created, bytes, type);
    EXPECT_EQ(uploaded.status, 200) << uploaded.body;
    return uploaded.json_body();
  }
  HttpResponse direct(const std::string& name, const std::string& type, const std::string& bytes, const Headers& who = kAlice) {
    return http_request(port(), "POST", "/chatkit/attachments", multipart("bNd", name, type, bytes),
                        with(who, "Content-Type", "multipart/form-data; boundary=bNd"));
  }
  // threads.create with these attachment ids.
  StreamResult send(const std::vector<json>& ids, const std::string& text, const Headers& who = kAlice) {
    json input = user_input(text);
    input["attachments"] = ids;
    return stream_chatkit(port(), request("threads.create", {{"input", input}}), who);
  }
  static std::string answer_of(const StreamResult& stream) {
    for (auto event = stream.events.rbegin(); event != stream.events.rend(); ++event) {
      if ((*event).value("type", "") == "thread.item.done" && (*event)["item"].value("type", "") == "assistant_message") {
        return assistant_text((*event)["item"]);
      }
    }
    return "";
  }
  long attachment_rows() { return count_rows(server().db(), "attachments"); }

  TempDir dir_{"chatkit_int_attach"};
  std::unique_ptr<AttachmentServer> server_ = std::make_unique<AttachmentServer>(dir_.path());
};

TEST_F(AttachmentsTest, TwoPhaseUploadOfAPngIntoAMessageAndItsPreview) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const std::string png = png_bytes(8, 4);
  const json created = create("receipt.png", png.size(), "image/png");
  EXPECT_EQ(created["type"], "image");
  EXPECT_EQ(created["upload_descriptor"]["method"], "PUT");
  EXPECT_EQ(created["upload_descriptor"]["headers"], (json{{"Content-Type", "image/png"}}));
  const std::string base = "http://127.0.0.1:" + std::to_string(port());
  EXPECT_TRUE(created["upload_descriptor"].value("url", "").starts_with(base + "/chatkit/attachments/")) << created;
  EXPECT_FALSE(created.contains("metadata"));

  // The browser's PUT carries no Authorization: the URL is the credential.
  const auto uploaded = put(created, png, "image/png");
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const json record = uploaded.json_body();
  EXPECT_FALSE(record.contains("upload_descriptor"));
  EXPECT_EQ(record["id"], created["id"]);

  const auto preview = http_request(port(), "GET", target_of(record["preview_url"]));
  EXPECT_EQ(preview.status, 200);
  EXPECT_EQ(preview.body, png);
  EXPECT_EQ(preview.header("content-type"), "image/png");
  EXPECT_TRUE(preview.header("cache-control").starts_with("private, max-age=")) << preview.header("cache-control");
  EXPECT_EQ(preview.header("x-content-type-options"), "nosniff");
  const auto revalidated = http_request(port(), "GET", target_of(record["preview_url"]), {},
                                        {{"If-None-Match", preview.header("etag")}});
  EXPECT_EQ(revalidated.status, 304);

  const auto stream = send({record["id"]}, "what is on this receipt?");
  ASSERT_EQ(stream.status, 200) << stream.head.body;
  const json user_item = stream.events.at(1)["item"];
  ASSERT_EQ(user_item["type"], "user_message");
  const json carried = user_item["attachments"].at(0);
  const std::string thread_id = stream.events[0]["thread"]["id"];
  EXPECT_EQ(carried["thread_id"], thread_id);
  EXPECT_EQ(carried["name"], "receipt.png");
  EXPECT_TRUE(carried.contains("preview_url"));
  EXPECT_FALSE(carried.contains("upload_descriptor"));
  EXPECT_FALSE(carried.contains("metadata"));
  EXPECT_EQ(answer_of(stream),
            "You attached one file: receipt.png (image/png, " + std::to_string(png.size()) +
                " bytes, 8×4 pixels). I am the offline model, so I can tell what they are, not what is in them.");

  // A reload shows the message with a preview link that works.
  const auto items = post_chatkit(port(), request("items.list", {{"thread_id", thread_id}, {"order", "asc"}}), kAlice);
  const json listed = items.json_body()["data"][0]["attachments"][0];
  EXPECT_EQ(listed["id"], record["id"]);
  EXPECT_EQ(http_request(port(), "GET", target_of(listed["preview_url"])).body, png);
}

TEST_F(AttachmentsTest, DirectUploadsOfAPdfAndATextFileAndATwoPhaseMultipart) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const auto pdf = direct("report.pdf", "application/pdf", pdf_bytes());
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.json_body()["type"], "file");
  EXPECT_EQ(pdf.json_body()["name"], "report.pdf");
  EXPECT_FALSE(pdf.json_body().contains("upload_descriptor"));
  const auto text = direct("notes.txt", "text/plain", "milk\neggs\nbread\n");
  ASSERT_EQ(text.status, 200) << text.body;
  // The upload URL takes multipart too (the reference's guide), here for a JPEG.
  const std::string jpeg = jpeg_bytes(640, 480);
  const json created = create("photo.jpg", jpeg.size(), "image/jpeg");
  const auto uploaded = http_request(port(), "POST", target_of(created["upload_descriptor"]["url"]),
                                     multipart("zZ", "photo.jpg", "image/jpeg", jpeg),
                                     {{"Content-Type", "multipart/form-data; boundary=zZ"}});
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;

  const auto stream = send({pdf.json_body()["id"], text.json_body()["id"], created["id"]}, "");
  ASSERT_EQ(stream.status, 200) << stream.head.body;
  EXPECT_EQ(answer_of(stream),
            "You attached 3 files: report.pdf (application/pdf, " + std::to_string(pdf_bytes().size()) +
                " bytes), notes.txt (text/plain, 16 bytes, 3 lines) and photo.jpg (image/jpeg, " +
                std::to_string(jpeg.size()) + " bytes, 640×480 pixels). I am the offline model, so I can tell what "
                "they are, not what is in them.");
  EXPECT_EQ(server().blob_files(), 3u);
}

TEST_F(AttachmentsTest, TheUploadUrlRefusesWhatItWasNotMadeFor) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const std::string png = png_bytes(2, 2);
  const json created = create("a.png", png.size(), "image/png");
  const std::string target = target_of(created["upload_descriptor"]["url"]);
  auto code_of = [](const HttpResponse& r) { return error_of(r).value("code", "") + " " + std::to_string(r.status); };

  // Another user: their credentials, or the URL altered to name them.
  EXPECT_EQ(code_of(put(created, png, "image/png", kBob)), "not_found 404");
  std::string bobs = target;
  bobs.replace(bobs.find("u=alice"), 7, "u=bob");
  EXPECT_EQ(code_of(http_request(port(), "PUT", bobs, png, {{"Content-Type", "image/png"}})), "not_found 404");
  // Expired: a link signed with the server's key, for a time past.
  const std::string id = created["id"];
  const server::UrlSigner signer(kSigningKey);
  const std::string expired = "/chatkit/attachments/" + id + "/upload?" +
                              signer.query(server::LinkPurpose::upload, {.user_id = "alice", .attachment_id = id, .expires = 1000});
  const auto late = http_request(port(), "PUT", expired, png, {{"Content-Type", "image/png"}});
  EXPECT_EQ(code_of(late), "forbidden 403");
  EXPECT_NE(error_of(late).value("message", "").find("expired"), std::string::npos);
  // Size and type are what attachments.create declared, and so are the bytes.
  EXPECT_EQ(code_of(put(created, png + "x", "image/png")), "payload_too_large 413");
  EXPECT_EQ(code_of(put(created, png.substr(1), "image/png")), "invalid_request 400");
  EXPECT_EQ(code_of(put(created, png, "image/gif")), "unsupported_media_type 415");
  const std::string elf = (elf_bytes() + std::string(png.size(), '\0')).substr(0, png.size());
  const auto disguised = put(created, elf, "image/png");
  EXPECT_EQ(code_of(disguised), "unsupported_media_type 415");
  EXPECT_EQ(error_of(disguised)["message"], "the bytes are not a PNG image: they look like an ELF executable");
  EXPECT_EQ(server().blob_files(), 0u) << "nothing refused is kept";
  // Still pending: a message cannot carry it yet.
  const auto early = post_chatkit(port(), request("threads.create", {{"input", {{"content", json::array()}, {"attachments", {id}}}}}), kAlice);
  EXPECT_EQ(code_of(early), "invalid_state 400");
  EXPECT_EQ(error_of(early)["path"], "$.params.input.attachments[0]");
  // Then it goes through once, and only once.
  EXPECT_EQ(put(created, png, "image/png").status, 200);
  EXPECT_EQ(code_of(put(created, png, "image/png")), "invalid_state 400");
  EXPECT_EQ(http_request(port(), "GET", "/healthz").status, 200) << "the refusals closed connections, not the server";
}

TEST_F(AttachmentsTest, AnUploadThatExpects100ContinueIsToldToGoOn) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const std::string png = png_bytes(2, 2);
  const json created = create("a.png", png.size(), "image/png");
  HttpConnection connection(port());
  // curl asks this for bodies over 1 MiB, and waits a second for the answer when none comes.
  ASSERT_TRUE(connection.send_raw("PUT " + target_of(created["upload_descriptor"]["url"]) +
                                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nExpect: 100-continue\r\n"
                                  "Content-Length: " + std::to_string(png.size()) + "\r\n\r\n"));
  const auto go_on = connection.read_head();
  ASSERT_TRUE(go_on);
  EXPECT_EQ(go_on->status, 100);
  ASSERT_TRUE(connection.send_raw(png));
  const auto done = connection.read_response();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200) << done->body;
}

TEST_F(AttachmentsTest, ALengthOverTheLimitIsRefusedBeforeTheBody) {
  server_.reset();
  server_ = std::make_unique<AttachmentServer>(dir_.path(), std::vector<std::string>{"--max-attachment-bytes", "1000"});
  ASSERT_NE(port(), 0);
  const auto big = post_chatkit(port(), request("attachments.create", {{"name", "a.txt"}, {"size", 1001}, {"mime_type", "text/plain"}}), kAlice);
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(error_of(big)["path"], "$.params.size");
  // A direct upload that announces more than the limit gets its 413 without sending the body.
  HttpConnection connection(port());
  ASSERT_TRUE(connection.send_raw("POST /chatkit/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tok-alice\r\n"
                                  "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000000\r\n\r\n"));
  const auto refused = connection.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  const auto too_long = direct("a.txt", "text/plain", std::string(1001, 'a'));
  EXPECT_EQ(too_long.status, 413) << too_long.body;
  EXPECT_EQ(direct("a.txt", "text/plain", std::string(1000, 'a')).status, 200);
  const auto no_file = http_request(port(), "POST", "/chatkit/attachments", "--q\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--q--",
                                    with(kAlice, "Content-Type", "multipart/form-data; boundary=q"));
  EXPECT_EQ(no_file.status, 400);
  const auto not_multipart = http_request(port(), "POST", "/chatkit/attachments", "raw", with(kAlice, "Content-Type", "text/plain"));
  EXPECT_EQ(not_multipart.status, 415);
  const auto anonymous = direct("a.txt", "text/plain", "hi", {});
  EXPECT_EQ(anonymous.status, 401);
}

TEST_F(AttachmentsTest, AMessageWithAForeignOrUnknownAttachmentGetsA4xxAndWritesNothing) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const json alices = two_phase("a.png", "image/png", png_bytes(2, 2));
  const auto before = row_counts(server().db());
  const long attachments_before = attachment_rows();
  const auto foreign = send({alices["id"]}, "look", kBob);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(error_of(foreign.head)["path"], "$.params.input.attachments[0]");
  const auto unknown = send({"atc_0123456789abcdef0123456789ab"}, "look");
  EXPECT_EQ(unknown.status, 404);
  const auto twice = send({alices["id"], alices["id"]}, "look");
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(row_counts(server().db()), before);
  EXPECT_EQ(attachment_rows(), attachments_before);
  // Once sent in one thread, it is that thread's.
  const auto sent = send({alices["id"]}, "look");
  ASSERT_EQ(sent.status, 200);
  const auto elsewhere = send({alices["id"]}, "again");
  EXPECT_EQ(elsewhere.status, 400);
  EXPECT_EQ(error_of(elsewhere.head)["code"], "invalid_state");
}

TEST_F(AttachmentsTest, AnotherUserReachesNeitherTheRecordNorItsPreview) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const std::string png = png_bytes(2, 2);
  const json alices = two_phase("a.png", "image/png", png);
  const auto sent = send({alices["id"]}, "mine");
  const std::string thread_id = sent.events.at(0)["thread"]["id"];
  // Bob's own preview link, pointed at Alice's image.
  const json bobs = two_phase("b.png", "image/png", png, kBob);
  std::string moved = target_of(bobs["preview_url"]);
  moved.replace(moved.find(bobs["id"].get<std::string>()), bobs["id"].get<std::string>().size(), alices["id"].get<std::string>());
  EXPECT_EQ(http_request(port(), "GET", moved).status, 404);
  EXPECT_EQ(post_chatkit(port(), request("attachments.delete", {{"attachment_id", alices["id"]}}), kBob).status, 404);
  EXPECT_EQ(post_chatkit(port(), request("items.list", {{"thread_id", thread_id}}), kBob).status, 404);
  EXPECT_EQ(post_chatkit(port(), request("threads.get_by_id", {{"thread_id", thread_id}}), kBob).status, 404);
  // Alice's preview still works.
  EXPECT_EQ(http_request(port(), "GET", target_of(alices["preview_url"])).status, 200);
}

TEST_F(AttachmentsTest, DeleteAndThreadDeletionRemoveBytesAndRows) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const std::string png = png_bytes(2, 2);
  const json lone = two_phase("a.png", "image/png", png);
  const json sent = two_phase("b.png", "image/png", png);
  const auto stream = send({sent["id"]}, "keep");
  const std::string thread_id = stream.events.at(0)["thread"]["id"];
  EXPECT_EQ(server().blob_files(), 2u);
  EXPECT_EQ(attachment_rows(), 2);
  EXPECT_EQ(post_chatkit(port(), request("attachments.delete", {{"attachment_id", lone["id"]}}), kAlice).status, 200);
  EXPECT_EQ(http_request(port(), "GET", target_of(lone["preview_url"])).status, 404);
  EXPECT_EQ(post_chatkit(port(), request("attachments.delete", {{"attachment_id", lone["id"]}}), kAlice).status, 404);
  EXPECT_EQ(server().blob_files(), 1u);
  EXPECT_EQ(attachment_rows(), 1);
  EXPECT_EQ(post_chatkit(port(), request("threads.delete", {{"thread_id", thread_id}}), kAlice).status, 200);
  EXPECT_EQ(server().blob_files(), 0u);
  EXPECT_EQ(attachment_rows(), 0);
}

TEST_F(AttachmentsTest, UnsentUploadsAreSweptAfterTheTtl) {
  server_.reset();
  server_ = std::make_unique<AttachmentServer>(dir_.path(), std::vector<std::string>{"--attachment-ttl", "2"});
  ASSERT_NE(port(), 0) << server().stderr_text();
  const std::string png = png_bytes(2, 2);
  two_phase("a.png", "image/png", png);
  create("pending.png", png.size(), "image/png");
  const json kept = two_phase("b.png", "image/png", png);
  ASSERT_EQ(send({kept["id"]}, "keep").status, 200);
  // The sweep runs every second; what no message carries goes once it is older than the TTL.
  EXPECT_TRUE(eventually([&] { return attachment_rows() == 1; }, 10s)) << attachment_rows();
  EXPECT_TRUE(eventually([&] { return server().blob_files() == 1; }, 5s));
  EXPECT_EQ(http_request(port(), "GET", target_of(kept["preview_url"])).status, 200);
}

TEST_F(AttachmentsTest, ARestartKeepsRecordsBytesAndLinks) {
  server_.reset();
  server_ = std::make_unique<AttachmentServer>(dir_.path(), std::vector<std::string>{}, /*fixed_key=*/false);
  ASSERT_NE(port(), 0) << server().stderr_text();
  const std::string png = png_bytes(3, 3);
  const json record = two_phase("a.png", "image/png", png);
  const auto stream = send({record["id"]}, "before the restart");
  const std::string thread_id = stream.events.at(0)["thread"]["id"];
  const json pending = create("later.txt", 5, "text/plain");
  EXPECT_TRUE(fs::exists(dir_.path() / "db" / "signing.key")) << "the generated key is kept beside the database";
  server_->stop();
  server_ = std::make_unique<AttachmentServer>(dir_.path(), std::vector<std::string>{}, /*fixed_key=*/false);
  ASSERT_NE(port(), 0) << server().stderr_text();
  // Links made before the restart still verify, and on the new port's server the bytes are there.
  std::string old_preview = target_of(record["preview_url"]);
  EXPECT_EQ(http_request(port(), "GET", old_preview).body, png);
  const auto items = post_chatkit(port(), request("items.list", {{"thread_id", thread_id}, {"order", "asc"}}), kAlice);
  EXPECT_EQ(items.json_body()["data"][0]["attachments"][0]["id"], record["id"]);
  EXPECT_EQ(http_request(port(), "PUT", target_of(pending["upload_descriptor"]["url"]), "hello", {{"Content-Type", "text/plain"}}).status,
            200);
}

TEST_F(AttachmentsTest, CorsPreflightsAndTheOriginCheckCoverTheUploadPaths) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const json created = create("a.png", 10, "image/png");
  const auto preflight = http_request(port(), "OPTIONS", target_of(created["upload_descriptor"]["url"]), {},
                                      {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "PUT"},
                                       {"Access-Control-Request-Headers", "content-type, authorization"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("access-control-allow-origin"), "https://app.example");
  EXPECT_NE(preflight.header("access-control-allow-methods").find("PUT"), std::string::npos);
  const auto direct_preflight = http_request(port(), "OPTIONS", "/chatkit/attachments", {},
                                             {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(direct_preflight.status, 204);
  const auto cross = direct("n.txt", "text/plain", "hi", with(kAlice, "Origin", "https://app.example"));
  EXPECT_EQ(cross.status, 200);
  EXPECT_EQ(cross.header("access-control-allow-origin"), "https://app.example");
  const auto foreign = direct("n.txt", "text/plain", "hi", with(kAlice, "Origin", "https://evil.example"));
  EXPECT_EQ(foreign.status, 403);
  // The element may fetch() a preview from its page's origin.
  const json image = two_phase("a.png", "image/png", png_bytes(2, 2));
  const auto preview = http_request(port(), "GET", target_of(image["preview_url"]), {}, {{"Origin", "https://app.example"}});
  EXPECT_EQ(preview.status, 200);
  EXPECT_EQ(preview.header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(preview.header("cross-origin-resource-policy"), "cross-origin");
}

TEST_F(AttachmentsTest, DictationWithTheOfflineModelSaysWhatToConfigure) {
  ASSERT_NE(port(), 0) << server().stderr_text();
  const auto response = post_chatkit(port(), request("input.transcribe", {{"audio_base64", "AAAA"}, {"mime_type", "audio/webm;codecs=opus"}}), kAlice);
  EXPECT_EQ(response.status, 501);
  EXPECT_NE(error_of(response).value("message", "").find("--model openai"), std::string::npos) << response.body;
  const auto not_audio = post_chatkit(port(), request("input.transcribe", {{"audio_base64", "AAAA"}, {"mime_type", "image/png"}}), kAlice);
  EXPECT_EQ(not_audio.status, 415);
  const auto empty = post_chatkit(port(), request("input.transcribe", {{"audio_base64", ""}, {"mime_type", "audio/webm"}}), kAlice);
  EXPECT_EQ(empty.status, 400);
}

}  // namespace
}  // namespace chatkit::testing
