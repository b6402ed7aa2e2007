# The streamer (Spring Boot + Kafka Streams): build from source with the Maven wrapper, run on a JRE.
FROM eclipse-temurin:17.0.17_10-jdk-noble AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package -pl streamer -am

FROM eclipse-temurin:17.0.17_10-jre-noble
RUN useradd --create-home --uid 10001 app
COPY --from=build /src/streamer/target/digitstream-streamer.jar /app/digitstream-streamer.jar
USER app
WORKDIR /home/app
# ND4J runs this network fastest with one native thread per process (see DESIGN.md).
ENV OMP_NUM_THREADS=1
EXPOSE 8080
# The classifier's fastest kernel uses the JDK's Vector API, an incubator module in Java 17.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-jar", "/app/digitstream-streamer.jar"]
