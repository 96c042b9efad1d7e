# One image recipe for the four services: docker build --build-arg MODULE=gateway .
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B package -Dmaven.test.skip=true -Dspring-javaformat.skip=true

FROM eclipse-temurin:17.0.16_8-jre
ARG MODULE
RUN useradd --system --uid 10001 roomcast
USER roomcast
WORKDIR /app
COPY --from=build /src/${MODULE}/target/${MODULE}.jar /app/service.jar
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
