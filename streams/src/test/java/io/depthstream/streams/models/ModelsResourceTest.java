package io.depthstream.streams.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models API's answers, on a catalog of two real bundles. */
class ModelsResourceTest {

  @TempDir Path temp;
  private ModelCatalog catalog;
  private ComparisonBoard board;

  @BeforeEach
  void load() {
    ModelLoader loader = new ModelLoader(EngineOptions.defaults().withDevice(DeviceChoice.CPU));
    catalog =
        new ModelCatalog(
            loader.open(ModelCatalogTest.bundle(temp.resolve("a"), "model-a", 10f)),
            List.of(loader.open(ModelCatalogTest.bundle(temp.resolve("b"), "model-b", 8f))),
            new ChallengerSampling(0.5),
            Clock.systemUTC(),
            "test");
    board = new ComparisonBoard(10, 10, Optional.empty());
    board.attach(catalog);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  private ModelsResource resource(String token) {
    return new ModelsResource(catalog, board, new AdminToken(Optional.ofNullable(token)));
  }

  @SuppressWarnings("unchecked")
  private static String reason(Response response) {
    return ((Map<String, String>) response.getEntity()).get("reason");
  }

  @Test
  void promotionIsRefusedWithoutTheRightToken() {
    ModelsResource api = resource("t0ken");
    Response none = api.promote("model-b", null, null, "");
    assertThat(none.getStatus()).isEqualTo(401);
    assertThat(none.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
    assertThat(api.promote("model-b", "Basic dDBrZW4=", null, "").getStatus()).isEqualTo(401);
    assertThat(api.promote("model-b", "Bearer nope", null, "").getStatus()).isEqualTo(403);
    assertThat(catalog.champion().id()).as("nothing was promoted").isEqualTo("model-a");

    Response off = resource(null).promote("model-b", "Bearer t0ken", null, "");
    assertThat(off.getStatus()).isEqualTo(403);
    assertThat(reason(off)).contains("DEPTHSTREAM_ADMIN_TOKEN");
    assertThat(catalog.champion().id()).isEqualTo("model-a");
  }

  @Test
  void promotionWithTheTokenSwapsAndRecordsWhoAndWhy() {
    ModelsResource api = resource("t0ken");
    assertThat(api.promote("model-x", "Bearer t0ken", null, "").getStatus()).isEqualTo(404);
    assertThat(api.promote("model-a", "Bearer t0ken", null, "").getStatus()).isEqualTo(409);
    Response ok = api.promote("model-b", "Bearer t0ken", null, "sharper edges");
    assertThat(ok.getStatus()).isEqualTo(200);
    ModelsView.ChangeView change = (ModelsView.ChangeView) ok.getEntity();
    assertThat(change.kind()).isEqualTo("PROMOTED");
    assertThat(change.reason()).isEqualTo("sharper edges");
    assertThat(change.oldModel()).isEqualTo("model-a@1.0.0");
    assertThat(change.newModel()).isEqualTo("model-b@1.0.0");
    assertThat(catalog.champion().id()).isEqualTo("model-b");
    assertThat(board.changes()).hasSize(1);
  }

  @Test
  void modelsViewIsJsonWithNullsForWhatIsNotKnownYet() throws Exception {
    JsonNode json = new ObjectMapper().valueToTree(resource("t0ken").models());
    assertThat(json.at("/champion/id").asText()).isEqualTo("model-a");
    assertThat(json.at("/champion/inferenceMs").isNull()).isTrue();
    assertThat(json.at("/challengers/0/id").asText()).isEqualTo("model-b");
    assertThat(json.at("/challengerSample").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/promotionEnabled").asBoolean()).isTrue();
    assertThat(json.at("/comparisons").isArray()).isTrue();
  }
}
