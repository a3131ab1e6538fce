package io.heapsight.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test method many times under a {@link LeakCheck}: the test fails when the live set grows
 * by more than {@link #maxGrowthBytes()}, and the message names the field that grows.
 *
 * <pre>{@code
 * @Test @NoLeak(iterations = 500)
 * void handlesRequests() { service.handle(request()); }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NoLeakExtension.class)
public @interface NoLeak {
    int iterations() default 1_000;

    int warmup() default -1;

    long maxGrowthBytes() default 1 << 20;
}
