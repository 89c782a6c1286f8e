#pragma once
// Keys and tokens the sign-in tests make themselves with OpenSSL: RSA and EC P-256 key pairs, their
// JWKS entries, signed tokens, and a loopback HTTP server that serves a JWKS.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

typedef struct evp_pkey_st EVP_PKEY;

namespace chatkit::test {

class TestKey {
 public:
  static TestKey rsa(std::string kid);
  static TestKey ec(std::string kid);

  // The public half as a JWK (with kid, and alg unless `with_alg` is false).
  nlohmann::json jwk(bool with_alg = true) const;
  // header.payload.signature signed with this key; `alg` is RS256/ES256 by the key type unless given.
  std::string sign(const nlohmann::json& claims, std::string alg = {}) const;
  const std::string& kid() const { return kid_; }
  bool is_rsa() const { return rsa_; }
  // The public key as DER SubjectPublicKeyInfo: what an HS256 forger would use as the secret.
  std::string public_der() const;

 private:
  TestKey(std::shared_ptr<EVP_PKEY> key, std::string kid, bool rsa)
      : key_(std::move(key)), kid_(std::move(kid)), rsa_(rsa) {}
  std::shared_ptr<EVP_PKEY> key_;
  std::string kid_;
  bool rsa_;
};

std::string jwks_of(std::initializer_list<const TestKey*> keys);
// "header.payload.signature" from parts given as JSON/bytes: for hand-made bad tokens.
std::string compact(const nlohmann::json& header, const nlohmann::json& claims, const std::string& signature);
std::string hs256(const std::string& secret, const std::string& signing_input);

// Serves one body (settable) at any path on 127.0.0.1:<port>, counting the requests.
class JwksServer {
 public:
  JwksServer();
  ~JwksServer();
  void set_body(std::string body);
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/jwks.json"; }
  int requests() const { return requests_.load(); }

 private:
  void serve();
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::string body_;
  std::thread thread_;
};

}  // namespace chatkit::test
