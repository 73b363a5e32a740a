package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The models API in the running service (real HTTP, real broker): GET /api/models names the
 * champion; without an admin token configured (the test profile sets none) a promotion is refused
 * whatever the caller sends, and says how to turn it on.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ModelsApiIntegrationTest {

  @TestHTTPResource("/api/models")
  URL models;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void modelsAnswerAndPromotionIsOffWithoutAToken() throws Exception {
    HttpResponse<String> list =
        http.send(
            HttpRequest.newBuilder(models.toURI()).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"champion\"").contains("\"challengers\":[]");

    URI promote = URI.create(models + "/densedepth-tiny-indoor/promote");
    for (String authorization : new String[] {null, "Bearer guess"}) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(promote).POST(HttpRequest.BodyPublishers.ofString("why not"));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> refused =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("DEPTHSTREAM_ADMIN_TOKEN");
    }
  }
}
