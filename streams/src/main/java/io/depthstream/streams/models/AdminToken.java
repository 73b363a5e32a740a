package io.depthstream.streams.models;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The check behind every admin endpoint: {@code Authorization: Bearer <depthstream.admin.token>}.
 * Without a configured token the endpoints are off. The comparison hashes both sides and compares
 * the digests with {@link MessageDigest#isEqual} (constant time in their length), so neither the
 * token's content nor its length leaks through response times.
 */
public final class AdminToken {

  private static final String BEARER = "Bearer ";

  /** How a request's credentials fared. */
  public enum Verdict {
    /** No token configured: admin endpoints are off. */
    DISABLED,
    /** No {@code Authorization} header, or not {@code Bearer <token>}: 401. */
    MISSING,
    /** A bearer token other than the configured one: 403. */
    WRONG,
    ALLOWED
  }

  private final byte[] expectedDigest;

  public AdminToken(Optional<String> token) {
    this.expectedDigest = token.filter(t -> !t.isBlank()).map(AdminToken::digest).orElse(null);
  }

  public boolean enabled() {
    return expectedDigest != null;
  }

  public Verdict check(String authorizationHeader) {
    if (expectedDigest == null) {
      return Verdict.DISABLED;
    }
    if (authorizationHeader == null
        || authorizationHeader.length() <= BEARER.length()
        || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Verdict.MISSING;
    }
    String presented = authorizationHeader.substring(BEARER.length()).trim();
    if (presented.isEmpty()) {
      return Verdict.MISSING;
    }
    return MessageDigest.isEqual(expectedDigest, digest(presented))
        ? Verdict.ALLOWED
        : Verdict.WRONG;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
