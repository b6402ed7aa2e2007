# The trainer: build from source with the Maven wrapper, run on a JRE.
#   docker compose run --rm trainer [train|publish] [options]
FROM eclipse-temurin:17.0.17_10-jdk-noble AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package -pl trainer -am

FROM eclipse-temurin:17.0.17_10-jre-noble
RUN useradd --create-home --uid 10001 app \
    && mkdir -p /home/app/.cache/digitstream/mnist \
    && chown -R app:app /home/app/.cache
COPY --from=build /src/trainer/target/digitstream-trainer.jar /app/digitstream-trainer.jar
USER app
WORKDIR /home/app
# ND4J runs this network fastest with one native thread per process (see DESIGN.md).
ENV OMP_NUM_THREADS=1
ENTRYPOINT ["java", "-jar", "/app/digitstream-trainer.jar"]
CMD ["train", "--help"]
