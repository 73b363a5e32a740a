package io.depthstream.streams.models;

import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The paired comparison's part of the topology: frame scores of every model → pairs of (challenger,
 * champion) on the same frame → per vehicle and fleet-wide, per tumbling window (emitted when it
 * closes) and since start (emitted as it grows) → {@code depth.models.comparison}, and each record
 * to an observer (the API's board and the automatic rule).
 */
public final class ModelComparisons {

  public static final String PAIRING_STORE = "model-pairing";
  public static final String WINDOW_STORE = "model-comparison-windows";
  public static final String TOTAL_STORE = "model-comparison-totals";

  /** How the comparisons are cut. */
  public record Settings(
      Duration pairingRetention,
      Duration tumbling,
      Duration grace,
      String fleetKey,
      String topic) {}

  private ModelComparisons() {}

  /** Adds the comparison to {@code builder}, fed by {@code frameMetrics} (keyed by camera). */
  public static KStream<String, ModelComparison> attach(
      StreamsBuilder builder,
      KStream<String, FrameMetrics> frameMetrics,
      Serde<FrameMetrics> metricsSerde,
      FramePairingProcessor.Roles roles,
      Settings settings,
      Consumer<ModelComparison> observer) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PAIRING_STORE), Serdes.String(), metricsSerde));
    KGroupedStream<String, PairedFrame> byComparison =
        frameMetrics
            .process(
                () -> new FramePairingProcessor(PAIRING_STORE, roles, settings.pairingRetention()),
                Named.as("model-pairing"),
                PAIRING_STORE)
            .flatMap(
                (camera, pair) ->
                    ComparisonKey.of(pair, settings.fleetKey()).stream()
                        .map(key -> KeyValue.pair(key.encode(), pair))
                        .toList(),
                Named.as("comparison-scopes"))
            .groupByKey(
                Grouped.with(
                    "comparison-by-scope", Serdes.String(), ComparisonSerdes.pairedFrame()));
    KStream<String, ModelComparison> windows =
        byComparison
            .windowedBy(TimeWindows.ofSizeAndGrace(settings.tumbling(), settings.grace()))
            .emitStrategy(EmitStrategy.onWindowClose())
            .aggregate(
                ComparisonTally::new,
                (key, pair, tally) -> tally.add(pair),
                Named.as(WINDOW_STORE + "-aggregate"),
                // Uncached for the reason the metric windows are (TopologyProducer#closedWindows).
                Materialized.<String, ComparisonTally, WindowStore<Bytes, byte[]>>as(WINDOW_STORE)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(ComparisonSerdes.tally())
                    .withCachingDisabled())
            .toStream(Named.as(WINDOW_STORE + "-closed"))
            .map(
                (windowed, tally) -> {
                  ComparisonKey key = ComparisonKey.decode(windowed.key());
                  return KeyValue.pair(
                      key.topicKey(),
                      tally.toRecord(
                          key, false, windowed.window().start(), windowed.window().end()));
                },
                Named.as(WINDOW_STORE + "-records"));
    KStream<String, ModelComparison> totals =
        byComparison
            .aggregate(
                ComparisonTally::new,
                (key, pair, tally) -> tally.add(pair),
                Named.as(TOTAL_STORE + "-aggregate"),
                Materialized.<String, ComparisonTally, KeyValueStore<Bytes, byte[]>>as(TOTAL_STORE)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(ComparisonSerdes.tally()))
            .toStream(Named.as(TOTAL_STORE + "-updates"))
            .map(
                (encoded, tally) -> {
                  ComparisonKey key = ComparisonKey.decode(encoded);
                  return KeyValue.pair(
                      key.topicKey(),
                      tally.toRecord(key, true, tally.firstCapture(), tally.lastCapture()));
                },
                Named.as(TOTAL_STORE + "-records"));
    KStream<String, ModelComparison> all =
        windows
            .merge(totals, Named.as("model-comparisons-merge"))
            .peek((key, comparison) -> observer.accept(comparison), Named.as("model-board"));
    all.to(settings.topic(), Produced.with(Serdes.String(), AvroSerdes.modelComparison()));
    return all;
  }
}
