package io.fluxward.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Everything fluxward says about a rule, in one place (as Error Prone's {@code @BugPattern}).
 * SARIF rule descriptors, {@code fluxward rules}, {@code fluxward explain} and the README's rule
 * table are all generated from it, and the meta-tests run the rule on {@link #bad()} (must fire)
 * and {@link #good()} (must not).
 *
 * <p>Examples are YAML. An example that needs several files separates them with a line
 * {@code # file: relative/path.yaml}; without one, it is {@code example.yaml}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {

    /** Public contract: {@code FW-} + family letter + three digits. Never reused. */
    String id();

    /** kebab-case name from the catalog. */
    String name();

    /** Default level. */
    Level level();

    /** One sentence: what is wrong (SARIF shortDescription). */
    String summary();

    /** Markdown: why it matters and when it fires (SARIF fullDescription/help). */
    String description();

    /** Markdown: how to fix it, with the exact command where there is one. */
    String fix();

    /** An example on which the rule fires. */
    String bad();

    /** The same example, fixed: the rule must not fire. */
    String good();

    /** Tags, e.g. {@code security}, {@code flux}. */
    String[] tags() default {};

    /** For security rules, GitHub's {@code security-severity} ("0.1" to "10.0"); empty otherwise. */
    String securitySeverity() default "";

    /** Off unless enabled in {@code .fluxward.yaml} or with {@code --enable}. */
    boolean optIn() default false;

    /** Keys this rule accepts under {@code rules.<ID>} in {@code .fluxward.yaml}, besides enabled and level. */
    String[] options() default {};

    /**
     * How often a finding of this rule is a true positive (SARIF {@code properties.precision}):
     * {@code very-high}, {@code high}, {@code medium} or {@code low}. Rules that infer intent from
     * neighbours or names say {@code medium}.
     */
    String precision() default "high";
}
