# The web console (Spring Boot): build from source with the Maven wrapper, run on a JRE.
FROM eclipse-temurin:17.0.17_10-jdk-noble AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package -pl console -am

FROM eclipse-temurin:17.0.17_10-jre-noble
RUN useradd --create-home --uid 10001 app
COPY --from=build /src/console/target/digitstream-console.jar /app/digitstream-console.jar
USER app
WORKDIR /home/app
EXPOSE 8090
ENTRYPOINT ["java", "-Xmx256m", "-jar", "/app/digitstream-console.jar"]
