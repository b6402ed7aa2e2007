# The demo CLI (produce, watch): build from source with the Maven wrapper, run on a JRE.
FROM eclipse-temurin:17.0.17_10-jdk-noble AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package -pl tools -am

FROM eclipse-temurin:17.0.17_10-jre-noble
RUN useradd --create-home --uid 10001 app \
    && mkdir -p /home/app/.cache/digitstream/mnist \
    && chown -R app:app /home/app/.cache
COPY --from=build /src/tools/target/digitstream-tools.jar /app/digitstream-tools.jar
USER app
WORKDIR /home/app
ENTRYPOINT ["java", "-jar", "/app/digitstream-tools.jar"]
CMD ["--help"]
