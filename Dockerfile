# syntax=docker/dockerfile:1.7
# depthstream container images, built from this repository (see deploy/README.md):
#
#   docker build -t depthstream:0.1.0 .                               service, ONNX Runtime on CPU (default target)
#   docker build --target service-gpu -t depthstream:0.1.0-gpu .      service, ONNX Runtime CUDA build (mvn -Pgpu), CUDA 12 + cuDNN 9
#   docker build --target cli -t depthstream-cli:0.1.0 .              the ./depthstream cli commands: publish (fleet simulator), tail, ...
#
# Model bundles are not baked in: mount one and point DEPTHSTREAM_MODEL at it (models/README.md).
#
# The service images run as uid 185 (gid 185) on files they cannot change: the application in
# /opt/depthstream belongs to root. They write in two places only, both meant to be volumes:
# DEPTHSTREAM_STATE_DIR (/var/lib/depthstream/streams, Kafka Streams' state stores) and /tmp
# (java.io.tmpdir, where ONNX Runtime and RocksDB unpack their native libraries).
# PackagedServiceIntegrationTest (streams module) runs the packaged service that way, without Docker.

# ---- sources: the reactor the service and the cli need (the trainer's pom only, for the module list)
FROM maven:3.9.11-eclipse-temurin-17 AS sources
WORKDIR /src
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY core/pom.xml core/
COPY fleet/pom.xml fleet/
COPY broker/pom.xml broker/
COPY cli/pom.xml cli/
COPY trainer/pom.xml trainer/
COPY streams/pom.xml streams/
COPY schemas/src schemas/src
COPY core/src core/src
COPY fleet/src fleet/src
COPY broker/src broker/src
COPY cli/src cli/src
COPY streams/src streams/src

# ---- build: CPU ONNX Runtime. Tests are compiled (streams and cli use the test-jars of core and broker) but not run;
# run them with `mvn -B -ntp test` before building an image.
FROM sources AS build
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl streams,cli -am package -DskipTests -Dspotless.skip=true

# ---- build-gpu: the same with the `gpu` profile, which swaps onnxruntime for onnxruntime_gpu.
FROM sources AS build-gpu
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -Pgpu -pl streams,cli -am package -DskipTests -Dspotless.skip=true

# ---- cli: publish --synthetic (the simulated fleet), tail, synth, evaluate, predict, bench
FROM eclipse-temurin:17.0.16_8-jre AS cli
WORKDIR /opt/depthstream
COPY --from=build /src/cli/target/lib/ cli/lib/
COPY --from=build /src/cli/target/classes/ cli/classes/
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
USER 185
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/opt/depthstream/cli/classes:/opt/depthstream/cli/lib/*' io.depthstream.cli.Main \"$@\"", "depthstream"]
CMD ["--help"]

# ---- service-gpu: the service on NVIDIA's CUDA 12 + cuDNN 9 runtime, with the same Temurin 17 JRE.
# Run with a GPU (docker --gpus all, compose profile "gpu", or nvidia.com/gpu in Kubernetes);
# DEPTHSTREAM_MODEL_DEVICE=CUDA makes the service fail at start rather than fall back to CPU.
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS service-gpu
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="/opt/java/openjdk/bin:${PATH}"
COPY --from=eclipse-temurin:17.0.16_8-jre /opt/java/openjdk /opt/java/openjdk
WORKDIR /opt/depthstream
# Quarkus' fast-jar layout, dependencies first so a code change rebuilds one small layer. Owned by
# root: the service's user can read the application, not change it.
COPY --from=build-gpu /src/streams/target/quarkus-app/lib/ lib/
COPY --from=build-gpu /src/streams/target/quarkus-app/*.jar ./
COPY --from=build-gpu /src/streams/target/quarkus-app/app/ app/
COPY --from=build-gpu /src/streams/target/quarkus-app/quarkus/ quarkus/
# Kafka Streams' state stores, owned by the service's user. Mount a volume here as on /tmp (compose:
# a named volume; Kubernetes: an emptyDir), so that a read-only root file system can stay read-only.
RUN mkdir -p /var/lib/depthstream/streams && chown -R 185:185 /var/lib/depthstream
ENV DEPTHSTREAM_STATE_DIR=/var/lib/depthstream/streams
# In a container Kafka is always a cluster of its own: never start the in-process broker.
ENV DEPTHSTREAM_EMBEDDED_KAFKA_ENABLED=false
ENV DEPTHSTREAM_MODEL=/models/densedepth-169-nyu
ENV DEPTHSTREAM_MODEL_DEVICE=CUDA
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
EXPOSE 8080
USER 185:185
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/depthstream/quarkus-run.jar"]

# ---- service (default): the depth service, ONNX Runtime on CPU.
FROM eclipse-temurin:17.0.16_8-jre AS service
WORKDIR /opt/depthstream
COPY --from=build /src/streams/target/quarkus-app/lib/ lib/
COPY --from=build /src/streams/target/quarkus-app/*.jar ./
COPY --from=build /src/streams/target/quarkus-app/app/ app/
COPY --from=build /src/streams/target/quarkus-app/quarkus/ quarkus/
RUN mkdir -p /var/lib/depthstream/streams && chown -R 185:185 /var/lib/depthstream
ENV DEPTHSTREAM_STATE_DIR=/var/lib/depthstream/streams
ENV DEPTHSTREAM_EMBEDDED_KAFKA_ENABLED=false
ENV DEPTHSTREAM_MODEL=/models/densedepth-169-nyu
ENV DEPTHSTREAM_MODEL_DEVICE=CPU
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
EXPOSE 8080
USER 185:185
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/depthstream/quarkus-run.jar"]
