package io.heapsight.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Replaces the single invocation of a {@link NoLeak} test by a leak check that invokes it many times. */
public final class NoLeakExtension implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                    ExtensionContext extension) throws Throwable {
        NoLeak spec = context.getExecutable().getAnnotation(NoLeak.class);
        if (spec == null) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        Method method = context.getExecutable();
        method.setAccessible(true);
        Object target = context.getTarget().orElse(null);
        Object[] args = context.getArguments().toArray();
        LeakCheck check = HeapAssertions.leakCheck().iterations(spec.iterations()).maxGrowth(spec.maxGrowthBytes());
        if (spec.warmup() >= 0) check.warmup(spec.warmup());
        check.run(() -> {
            try {
                method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
