/**
 * {@code digits models}: the rollout as operators see and steer it. Lists every version on the models
 * topic with its stage, test accuracy and the decision about it; promotes, rejects or rolls back by
 * writing the next rollout state to the topic, which every streamer reads. Never talks to a streamer.
 */
package dev.digitstream.tools.models;
