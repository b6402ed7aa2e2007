package dev.digitstream.testing;

import java.util.Optional;

/** What {@code auto} asks of a Docker engine before it picks Testcontainers: can it provide an image? */
interface ImageSource {

    /** Empty when the engine has the image, or has just pulled it; else why it cannot provide it. */
    Optional<String> unavailable(String image);
}
