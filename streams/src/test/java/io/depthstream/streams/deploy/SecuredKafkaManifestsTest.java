package io.depthstream.streams.deploy;

import io.depthstream.streams.deploy.KafkaClientProperties.Reference;
import io.depthstream.streams.deploy.KafkaUserAcls.Rule;
import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import io.depthstream.streams.deploy.PodVolumes.Mounted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployments reach Kafka the way its listeners demand, with no more rights than the service
 * uses: in k8s/, the Strimzi listener the Deployment's bootstrap address names against the
 * ConfigMap'd client.properties (DEPTHSTREAM_KAFKA_CONFIG) and the Secrets it reads, the service's
 * KafkaUser ACLs against its topics, application id and processing guarantee, KEDA's user against
 * what a lag check needs; in docker-compose.secured.yml, the SASL_SSL listener against the mounted
 * client.properties and the SCRAM user created for it. Nothing is run; each failure names the file.
 */
class SecuredKafkaManifestsTest {

  static final String COMPOSE_OVERRIDE = "docker-compose.secured.yml";

  /** The variable the service reads its Kafka client properties file from (issue 11). */
  private static final String CLIENT_CONFIG_VARIABLE = "DEPTHSTREAM_KAFKA_CONFIG";

  private static final String DIRECTORY_PROVIDER =
      "org.apache.kafka.common.config.provider.DirectoryConfigProvider";
  private static final String ENV_PROVIDER =
      "org.apache.kafka.common.config.provider.EnvVarConfigProvider";

  /** The keys of the Secrets Strimzi makes: a SCRAM KafkaUser's, and the cluster CA's. */
  private static final Set<String> SCRAM_USER_KEYS = Set.of("password", "sasl.jaas.config");

  private static final Set<String> CLUSTER_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");

  /** A Strimzi listener's authentication type as KEDA's kafka scaler names it. */
  private static final Map<String, String> KEDA_SASL = Map.of("scram-sha-512", "scram_sha512");

  private static RepositoryFiles files;
  private static ServiceContainers images;
  private static KubernetesManifests k8s;

  @BeforeAll
  static void load() {
    files = RepositoryFiles.locate();
    images = ServiceContainers.load(files);
    k8s = images.k8s();
  }

  // ---------------------------------------------------------------- Kubernetes

  @Test
  void kubernetesServiceSpeaksTheProtocolOfTheListenerItsBootstrapAddressNames() {
    Problems problems = new Problems();
    for (Manifest kafka : k8s.ofKind("Kafka")) {
      problems.check(
          "simple".equals(Nodes.text(kafka.doc(), "spec", "kafka", "authorization", "type")),
          kafka.where(),
          "spec.kafka.authorization is not simple: the KafkaUsers' ACLs would not be enforced");
      for (Map<String, Object> listener : listeners(kafka)) {
        problems.check(
            Nodes.text(listener, "authentication", "type") != null,
            kafka.where(),
            "listener "
                + Nodes.text(listener, "name")
                + " lets clients in without authentication, around every ACL");
      }
    }
    for (Manifest d : images.serviceDeployments()) {
      Optional<Map<String, Object>> listener = listenerOf(problems, d, environment(d));
      Optional<KafkaClientProperties> client = clientProperties(problems, d);
      if (listener.isEmpty() || client.isEmpty()) {
        continue;
      }
      String expected = protocol(listener.get());
      problems.check(
          expected.equals(client.get().securityProtocol()),
          d.where(),
          "client.properties says security.protocol="
              + client.get().securityProtocol()
              + ", the listener "
              + Nodes.text(listener.get(), "name")
              + " speaks "
              + expected);
      if ("scram-sha-512".equals(Nodes.text(listener.get(), "authentication", "type"))) {
        problems.check(
            client.get().value("sasl.mechanism").orElse("").equals("SCRAM-SHA-512"),
            d.where(),
            "the listener authenticates with SCRAM-SHA-512, client.properties has sasl.mechanism="
                + client.get().value("sasl.mechanism").orElse("(unset)"));
      }
    }
    problems.assertNone("Kafka listener and client settings");
  }

  @Test
  void kubernetesClientPropertiesReadSecretsOnlyFromTheMountedUserAndClusterCa() {
    Problems problems = new Problems();
    for (Manifest d : images.serviceDeployments()) {
      Optional<KafkaClientProperties> found = clientProperties(problems, d);
      if (found.isEmpty()) {
        continue;
      }
      KafkaClientProperties client = found.get();
      PodVolumes volumes = PodVolumes.of(d);
      String cluster = clusterName();
      for (Reference ref : client.references()) {
        checkProvider(problems, d.where(), client, ref, DIRECTORY_PROVIDER);
        checkSecretFile(problems, d.where(), volumes, ref.path() + "/" + ref.key(), cluster);
      }
      client
          .storeLocations()
          .forEach(
              (property, location) -> {
                checkSecretFile(problems, d.where(), volumes, location, cluster);
                checkStoreType(problems, d.where(), client, property, location);
              });
      problems.check(
          client.value("sasl.jaas.config").isPresent()
              || !client.securityProtocol().startsWith("SASL"),
          d.where(),
          "SASL without sasl.jaas.config: mount the KafkaUser's Secret and read its"
              + " sasl.jaas.config through the dir provider");
      problems.check(
          !client.value("sasl.jaas.config").orElse("").contains("password=\""),
          d.where(),
          "client.properties in a ConfigMap holds a password; read it from the user's Secret");
    }
    problems.assertNone("Kafka client properties and mounted Secrets");
  }

  @Test
  void serviceUserMayDoWhatTheServiceDoesAndNothingElse() {
    Problems problems = new Problems();
    for (Manifest d : images.serviceDeployments()) {
      Optional<Manifest> user = serviceUser(problems, d);
      if (user.isEmpty()) {
        continue;
      }
      ContainerSettings settings =
          ContainerSettings.of(images.withImageEnvironment(images.imageTarget(d), environment(d)));
      Map<String, Set<String>> expected = expectedServiceRules(settings);
      checkRules(problems, user.get(), expected, Set.of("DescribeConfigs", "Delete"));
      problems.check(
          "scram-sha-512".equals(Nodes.text(user.get().doc(), "spec", "authentication", "type")),
          user.get().where(),
          "the service signs in with SCRAM-SHA-512; the user's authentication type is "
              + Nodes.text(user.get().doc(), "spec", "authentication", "type"));
    }
    problems.assertNone("the service's KafkaUser ACLs");
  }

  @Test
  void kedaSignsInOnTheSameListenerAsAUserThatCanOnlyDescribe() {
    Problems problems = new Problems();
    for (Manifest so : k8s.ofKind("ScaledObject")) {
      for (Map<String, Object> trigger : Nodes.maps(so.doc(), "spec", "triggers")) {
        if (!"kafka".equals(Nodes.text(trigger, "type"))) {
          continue;
        }
        String bootstrap = Nodes.text(trigger, "metadata", "bootstrapServers");
        Optional<Map<String, Object>> listener = listenerAt(bootstrap);
        problems.check(listener.isPresent(), so.where(), bootstrap + " is no Kafka listener");
        listener.ifPresent(l -> checkKedaProtocol(problems, so.where(), trigger, l));
        Optional<Manifest> auth =
            k8s.ofKind("TriggerAuthentication").stream()
                .filter(a -> a.name().equals(Nodes.text(trigger, "authenticationRef", "name")))
                .findFirst();
        problems.check(
            auth.isPresent(), so.where(), "the kafka trigger names no TriggerAuthentication");
        auth.ifPresent(a -> checkKedaUser(problems, a, trigger));
      }
    }
    problems.assertNone("KEDA's Kafka sign-in");
  }

  // ---------------------------------------------------------------- docker compose

  @Test
  void composeDefaultStaysPlaintext() {
    Problems problems = new Problems();
    images
        .composeApps()
        .forEach(
            (name, app) ->
                problems.check(
                    !images.compose().environment(app).containsKey(CLIENT_CONFIG_VARIABLE),
                    ComposeProject.FILE + " service " + name,
                    "sets "
                        + CLIENT_CONFIG_VARIABLE
                        + "; the default stays plaintext, the secured variant is "
                        + COMPOSE_OVERRIDE));
    problems.assertNone(ComposeProject.FILE);
  }

  @Test
  void composeOverrideSignsTheServiceInOnItsSaslSslListener() {
    Problems problems = new Problems();
    ComposeProject merged = images.compose().withOverride(files.yaml(COMPOSE_OVERRIDE));
    ServiceContainers secured =
        new ServiceContainers(images.dockerfile(), merged, k8s, ApplicationProperties.load());
    ComposeListeners listeners = ComposeListeners.of(merged);
    problems.check(!secured.composeApps().isEmpty(), COMPOSE_OVERRIDE, "runs no depth service");
    secured
        .composeApps()
        .forEach(
            (name, app) -> {
              String where = COMPOSE_OVERRIDE + " service " + name;
              Map<String, String> env = merged.environment(app);
              String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
              Optional<ComposeListeners.Listener> listener = listeners.advertisedAt(bootstrap);
              problems.check(
                  listener.isPresent(),
                  where,
                  "KAFKA_BOOTSTRAP_SERVERS "
                      + bootstrap
                      + " is no advertised listener "
                      + listeners);
              Optional<KafkaClientProperties> client =
                  composeClientProperties(problems, where, merged, app, env);
              if (listener.isPresent() && client.isPresent()) {
                checkComposeClient(problems, where, merged, app, env, listener.get(), client.get());
              }
            });
    problems.assertNone(COMPOSE_OVERRIDE);
  }

  // ---------------------------------------------------------------- Kubernetes checks

  private static void checkProvider(
      Problems problems, String where, KafkaClientProperties client, Reference ref, String type) {
    String declared = client.providers().get(ref.alias());
    problems.check(
        type.equals(declared),
        where,
        "${"
            + ref.alias()
            + ":...} in "
            + ref.property()
            + " needs config.providers."
            + ref.alias()
            + ".class="
            + type
            + ", found "
            + declared);
    Optional<String> allowed = client.providerParameter(ref.alias(), "allowed.paths");
    problems.check(
        allowed.isEmpty()
            || List.of(allowed.get().split(",")).stream()
                .anyMatch(p -> PodVolumes.under(ref.path(), p.strip())),
        where,
        ref.path() + " is outside config.providers." + ref.alias() + ".param.allowed.paths");
  }

  /** A file the client reads must be a key of the user's or the cluster CA's Secret, mounted. */
  private static void checkSecretFile(
      Problems problems, String where, PodVolumes volumes, String file, String cluster) {
    Optional<Mounted> mounted = volumes.at(file);
    if (mounted.isEmpty() || !mounted.get().kind().equals("secret")) {
      problems.add(
          where,
          file
              + " is read by client.properties but is not in a mounted Secret ("
              + mounted.map(Mounted::kind).orElse("no volume")
              + ")");
      return;
    }
    String secret = mounted.get().sourceName();
    String key = mounted.get().key().orElse("?");
    problems.check(mounted.get().readOnly(), where, "Secret " + secret + " is mounted writable");
    if (secret.equals(cluster + "-cluster-ca-cert")) {
      problems.check(
          CLUSTER_CA_KEYS.contains(key),
          where,
          file + ": Secret " + secret + " has no key " + key + " (it has " + CLUSTER_CA_KEYS + ")");
      return;
    }
    Optional<Manifest> user = kafkaUser(secret);
    problems.check(
        user.isPresent(),
        where,
        file
            + " comes from Secret "
            + secret
            + ", neither a KafkaUser's of cluster "
            + cluster
            + " nor its cluster CA "
            + cluster
            + "-cluster-ca-cert");
    problems.check(
        user.isEmpty() || SCRAM_USER_KEYS.contains(key),
        where,
        file + ": the KafkaUser Secret " + secret + " has no key " + key + " " + SCRAM_USER_KEYS);
  }

  /** ca.p12 is PKCS12 and needs ca.password; ca.crt is PEM and needs none. */
  private static void checkStoreType(
      Problems problems,
      String where,
      KafkaClientProperties client,
      String property,
      String location) {
    String prefix = property.substring(0, property.length() - ".location".length());
    String type = client.value(prefix + ".type").orElse("JKS");
    if (location.endsWith(".p12")) {
      problems.check(
          type.equals("PKCS12"), where, location + " is PKCS12, " + prefix + ".type=" + type);
      String password = client.value(prefix + ".password").orElse("");
      problems.check(
          password.contains(location.substring(0, location.lastIndexOf('/')))
              && password.contains("ca.password"),
          where,
          prefix + ".password should read ca.password of the Secret holding " + location);
    } else if (location.endsWith(".crt") || location.endsWith(".pem")) {
      problems.check(type.equals("PEM"), where, location + " is PEM, " + prefix + ".type=" + type);
    }
  }

  /** The service's topics, application id and guarantee → the ACLs it needs, by pattern. */
  private static Map<String, Set<String>> expectedServiceRules(ContainerSettings settings) {
    Map<String, Set<String>> expected = new LinkedHashMap<>();
    Set<String> inputs =
        Set.of(settings.value("quarkus.kafka-streams.topics").orElse("").split(","));
    settings
        .topicSpecs()
        .forEach(
            t ->
                expected.put(
                    "topic " + t.name(),
                    Set.of(inputs.contains(t.name()) ? "Read" : "Write", "Describe")));
    String id = settings.applicationId();
    expected.put("topic prefix " + id + "-", Set.of("Create", "Read", "Write", "Describe"));
    expected.put("group " + id, Set.of("Read"));
    if (settings.value("kafka-streams.processing.guarantee").orElse("").startsWith("exactly")) {
      expected.put("transactionalId prefix " + id + "-", Set.of("Write", "Describe"));
    }
    expected.put("cluster", Set.of("IdempotentWrite"));
    return expected;
  }

  /**
   * Each expected pattern has a rule granting at least its operations; every rule is an expected
   * pattern (no wildcard, no other topic, group or prefix) and grants nothing beyond the expected
   * operations, Describe and {@code extra} (what the service needs besides, e.g. DescribeConfigs
   * for the topic check, Delete for purging repartition topics). Reading an output or writing an
   * input counts as broader.
   */
  private static void checkRules(
      Problems problems, Manifest user, Map<String, Set<String>> expected, Set<String> extra) {
    List<Rule> rules = KafkaUserAcls.of(user);
    expected.forEach(
        (pattern, operations) -> {
          Set<String> granted = new TreeSet<>();
          rules.stream()
              .filter(r -> r.pattern().equals(pattern))
              .forEach(r -> granted.addAll(r.operations()));
          problems.check(
              granted.containsAll(operations) || granted.contains("All"),
              user.where(),
              pattern + " grants " + granted + ", the service needs " + new TreeSet<>(operations));
        });
    for (Rule rule : rules) {
      Set<String> allowed = new TreeSet<>(expected.getOrDefault(rule.pattern(), Set.of()));
      problems.check(
          !allowed.isEmpty(),
          user.where(),
          "ACL on " + rule.pattern() + " grants what the service does not need");
      if (allowed.isEmpty()) {
        continue;
      }
      if (!rule.type().equals("cluster")) {
        allowed.add("Describe");
        allowed.addAll(extra);
      }
      if (rule.pattern().startsWith("topic ") && !rule.prefixed()) {
        allowed.remove("Delete");
      }
      Set<String> beyond = new TreeSet<>(rule.operations());
      beyond.removeAll(allowed);
      problems.check(
          beyond.isEmpty(), user.where(), "ACL on " + rule.pattern() + " also grants " + beyond);
    }
  }

  private static void checkKedaProtocol(
      Problems problems, String where, Map<String, Object> trigger, Map<String, Object> listener) {
    boolean tls = "true".equals(Nodes.text(listener, "tls"));
    problems.check(
        tls == "enable".equals(Nodes.text(trigger, "metadata", "tls")),
        where,
        "kafka trigger tls=" + Nodes.text(trigger, "metadata", "tls") + ", listener tls=" + tls);
    String auth = Nodes.text(listener, "authentication", "type");
    String sasl = Objects.toString(Nodes.text(trigger, "metadata", "sasl"), "none");
    problems.check(
        sasl.equals(KEDA_SASL.getOrDefault(Objects.toString(auth, ""), "none")),
        where,
        "kafka trigger sasl=" + sasl + ", the listener authenticates with " + auth);
  }

  /** The TriggerAuthentication's password is a KafkaUser's that may only describe. */
  private static void checkKedaUser(Problems problems, Manifest auth, Map<String, Object> trigger) {
    Map<String, String> secrets = new LinkedHashMap<>();
    Nodes.maps(auth.doc(), "spec", "secretTargetRef")
        .forEach(r -> secrets.put(Nodes.text(r, "parameter"), Nodes.text(r, "name")));
    Optional<Manifest> user = kafkaUser(secrets.getOrDefault("password", ""));
    problems.check(
        user.isPresent(),
        auth.where(),
        "the password is not from a KafkaUser's Secret (" + secrets.get("password") + ")");
    if (user.isEmpty()) {
      return;
    }
    String username =
        Nodes.maps(auth.doc(), "spec", "configMapTargetRef").stream()
            .filter(r -> "username".equals(Nodes.text(r, "parameter")))
            .map(
                r ->
                    Objects.toString(
                        Nodes.at(
                            k8s.configMaps().getOrDefault(Nodes.text(r, "name"), Map.of()),
                            Nodes.text(r, "key")),
                        null))
            .findFirst()
            .orElse(null);
    problems.check(
        user.get().name().equals(username),
        auth.where(),
        "username "
            + username
            + " is not KafkaUser "
            + user.get().name()
            + ", whose password it uses");
    Map<String, Set<String>> describeOnly = new LinkedHashMap<>();
    describeOnly.put("topic " + Nodes.text(trigger, "metadata", "topic"), Set.of("Describe"));
    describeOnly.put(
        "group " + Nodes.text(trigger, "metadata", "consumerGroup"), Set.of("Describe"));
    checkRules(problems, user.get(), describeOnly, Set.of());
  }

  // ---------------------------------------------------------------- compose checks

  private static Optional<KafkaClientProperties> composeClientProperties(
      Problems problems,
      String where,
      ComposeProject compose,
      Map<String, Object> app,
      Map<String, String> env) {
    String path = env.get(CLIENT_CONFIG_VARIABLE);
    if (path == null) {
      problems.add(where, CLIENT_CONFIG_VARIABLE + " is not set");
      return Optional.empty();
    }
    Optional<ComposeProject.Mount> mount =
        compose.mounts(app).stream().filter(m -> m.target().equals(path)).findFirst();
    if (mount.isEmpty() || mount.get().named()) {
      problems.add(where, CLIENT_CONFIG_VARIABLE + "=" + path + " is not a file mounted from here");
      return Optional.empty();
    }
    problems.check(mount.get().readOnly(), where, path + " is mounted writable");
    return Optional.of(
        KafkaClientProperties.parse(files.text(mount.get().source().replaceFirst("^\\./", ""))));
  }

  private static void checkComposeClient(
      Problems problems,
      String where,
      ComposeProject compose,
      Map<String, Object> app,
      Map<String, String> env,
      ComposeListeners.Listener listener,
      KafkaClientProperties client) {
    problems.check(
        listener.protocol().equals(client.securityProtocol()),
        where,
        "client.properties says security.protocol="
            + client.securityProtocol()
            + ", listener "
            + listener.name()
            + " speaks "
            + listener.protocol());
    String mechanism = client.value("sasl.mechanism").orElse("");
    problems.check(
        !listener.protocol().startsWith("SASL") || listener.mechanisms().contains(mechanism),
        where,
        "sasl.mechanism="
            + mechanism
            + ", listener "
            + listener.name()
            + " enables "
            + listener.mechanisms());
    client
        .storeLocations()
        .values()
        .forEach(
            location ->
                problems.check(
                    compose.mounts(app).stream()
                        .anyMatch(m -> m.readOnly() && PodVolumes.under(location, m.target())),
                    where,
                    location + " is in no read-only volume of the service"));
    for (Reference ref : client.references()) {
      checkProvider(problems, where, client, ref, ENV_PROVIDER);
      Optional<String> allowlist = client.providerParameter(ref.alias(), "allowlist.pattern");
      problems.check(
          allowlist.isPresent() && ref.key().matches(allowlist.get()),
          where,
          "${env:"
              + ref.key()
              + "} is not in config.providers."
              + ref.alias()
              + ".param.allowlist.pattern");
      problems.check(
          env.containsKey(ref.key()),
          where,
          "client.properties reads ${env:"
              + ref.key()
              + "}, which the service's environment lacks");
    }
    checkScramUser(problems, where, compose, env, client);
  }

  /** The user and password of the JAAS line are those a one-shot service registers. */
  private static void checkScramUser(
      Problems problems,
      String where,
      ComposeProject compose,
      Map<String, String> env,
      KafkaClientProperties client) {
    String user = client.jaasOption("username").orElse("");
    String password = client.jaasOption("password").orElse("");
    String resolved =
        password.startsWith("${env:")
            ? env.getOrDefault(password.substring(6, password.length() - 1), "")
            : password;
    boolean registered =
        compose.services().values().stream()
            .anyMatch(
                s -> {
                  String command = ComposeProject.interpolate(compose.command(s));
                  Map<String, String> own = compose.environment(s);
                  return command.contains("--entity-name " + user)
                      && own.entrySet().stream()
                          .anyMatch(
                              e ->
                                  e.getValue().equals(resolved)
                                      && command.contains("password=$" + e.getKey()));
                });
    problems.check(
        !user.isEmpty() && registered,
        where,
        "no service registers SCRAM user '"
            + user
            + "' with the password client.properties signs in with (kafka-configs.sh --alter"
            + " --entity-type users --entity-name "
            + user
            + " --add-config 'SCRAM-SHA-512=[password=...]')");
  }

  // ---------------------------------------------------------------- lookups

  private static String clusterName() {
    return k8s.ofKind("Kafka").stream().map(Manifest::name).findFirst().orElse("?");
  }

  private static List<Map<String, Object>> listeners(Manifest kafka) {
    return Nodes.maps(kafka.doc(), "spec", "kafka", "listeners");
  }

  /** "SASL_SSL" for a TLS listener with SCRAM, and so on. */
  private static String protocol(Map<String, Object> listener) {
    boolean tls = "true".equals(Nodes.text(listener, "tls"));
    String auth = Objects.toString(Nodes.text(listener, "authentication", "type"), "");
    boolean sasl = auth.startsWith("scram") || auth.equals("oauth") || auth.equals("custom");
    return sasl ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls ? "SSL" : "PLAINTEXT");
  }

  /**
   * The listener a bootstrap address of the Strimzi cluster ({@code <cluster>-kafka-bootstrap})
   * names.
   */
  private static Optional<Map<String, Object>> listenerAt(String bootstrap) {
    if (bootstrap == null) {
      return Optional.empty();
    }
    String normalised = bootstrap.replaceAll("\\.[a-z0-9-]+\\.svc(\\.cluster\\.local)?:", ":");
    for (Manifest kafka : k8s.ofKind("Kafka")) {
      for (Map<String, Object> listener : listeners(kafka)) {
        if (normalised.equals(kafka.name() + "-kafka-bootstrap:" + Nodes.text(listener, "port"))) {
          return Optional.of(listener);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Map<String, Object>> listenerOf(
      Problems problems, Manifest d, Map<String, String> env) {
    String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
    Optional<Map<String, Object>> listener = listenerAt(bootstrap);
    problems.check(
        listener.isPresent(),
        d.where(),
        "KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " names no listener of the Strimzi Kafka");
    return listener;
  }

  /**
   * The client.properties DEPTHSTREAM_KAFKA_CONFIG names, read from the ConfigMap mounted there.
   */
  private static Optional<KafkaClientProperties> clientProperties(Problems problems, Manifest d) {
    String path = environment(d).get(CLIENT_CONFIG_VARIABLE);
    if (path == null) {
      problems.add(
          d.where(), CLIENT_CONFIG_VARIABLE + " is not set: the service would speak PLAINTEXT");
      return Optional.empty();
    }
    Optional<Mounted> mounted = PodVolumes.of(d).at(path);
    Optional<String> key = mounted.flatMap(Mounted::key);
    if (mounted.isEmpty() || !mounted.get().kind().equals("configMap") || key.isEmpty()) {
      problems.add(
          d.where(),
          CLIENT_CONFIG_VARIABLE + "=" + path + " is not a key of a ConfigMap mounted there");
      return Optional.empty();
    }
    Object text =
        k8s.configMaps().getOrDefault(mounted.get().sourceName(), Map.of()).get(key.get());
    problems.check(
        text != null,
        d.where(),
        "ConfigMap " + mounted.get().sourceName() + " has no key " + key.get());
    return Optional.ofNullable(text).map(t -> KafkaClientProperties.parse(t.toString()));
  }

  /** The KafkaUser whose Secret the Deployment mounts for sasl.jaas.config. */
  private static Optional<Manifest> serviceUser(Problems problems, Manifest d) {
    Optional<KafkaClientProperties> client = clientProperties(new Problems(), d);
    Optional<String> secret =
        client.stream()
            .flatMap(c -> c.references().stream())
            .filter(r -> r.property().equals("sasl.jaas.config"))
            .flatMap(r -> PodVolumes.of(d).at(r.path() + "/" + r.key()).stream())
            .map(Mounted::sourceName)
            .findFirst();
    Optional<Manifest> user = secret.flatMap(SecuredKafkaManifestsTest::kafkaUser);
    problems.check(
        user.isPresent(),
        d.where(),
        "its sasl.jaas.config is from no KafkaUser's Secret (" + secret.orElse("none") + ")");
    return user;
  }

  /** A KafkaUser of the cluster named {@code secret}: Strimzi names the user's Secret after it. */
  private static Optional<Manifest> kafkaUser(String secret) {
    return k8s.ofKind("KafkaUser").stream()
        .filter(u -> u.name().equals(secret))
        .filter(
            u ->
                clusterName()
                    .equals(Nodes.text(u.doc(), "metadata", "labels", "strimzi.io/cluster")))
        .findFirst();
  }

  private static Map<String, String> environment(Manifest d) {
    Map<String, String> env = new LinkedHashMap<>();
    String stage = images.imageTarget(d);
    images.dockerfile().stage(stage).ifPresent(s -> env.putAll(s.environment()));
    env.putAll(
        images.kubernetesEnvironment(new Problems(), d, ServiceContainers.containers(d).get(0)));
    return env;
  }
}
