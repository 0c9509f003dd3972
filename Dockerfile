# syntax=docker/dockerfile:1
# The Parley node as an image: `docker build -t parley .` at the repository root.
# The default command is `parley serve`; any other `parley` command runs the same way
# (`docker run --rm parley migrate --help`). Options come from the command line or from
# PARLEY_<OPTION> environment variables (see deploy/README.md for a 3-node cluster).

# --- build: the Maven wrapper on a JDK ---
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The node's shaded jar only (parley-client is built because the server's tests use it);
# the tests run in CI, not here. The cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -pl parley-server -am -Dmaven.test.skip=true package \
 && cp parley-server/target/parley-server-*-all.jar /parley.jar

# --- run: a JRE, as a user without privileges ---
FROM eclipse-temurin:17-jre
RUN groupadd --system parley \
 && useradd --system --gid parley --home-dir /var/lib/parley --create-home --shell /usr/sbin/nologin parley
COPY --from=build /parley.jar /opt/parley/parley.jar
USER parley
WORKDIR /var/lib/parley
# The launcher's defaults (./parley): a heap that shrinks back after bursts. Replace freely.
ENV PARLEY_JAVA_OPTS="-Xms64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
# Server API, /navi.json, /ws, /health, /metrics; raw TCP gateway.
EXPOSE 8700 8701
# The embedded node's data (a cluster node keeps nothing here that it needs).
VOLUME /var/lib/parley
# umask 077 as the launcher does: everything the node creates is owner-only.
ENTRYPOINT ["/bin/sh", "-c", "umask 077 && exec java $PARLEY_JAVA_OPTS -jar /opt/parley/parley.jar \"$@\"", "parley"]
CMD ["serve", "--data-dir", "/var/lib/parley/data"]
