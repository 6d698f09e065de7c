package dev.conndoctor.testkit;

import java.util.Locale;

/** The contract of a Spanish message bundle against its English one (see {@link TranslatedBundleContract}). */
public abstract class SpanishBundleContract extends TranslatedBundleContract {

    /**
     * @param bundleName the bundle's base name, e.g. {@code dev.conndoctor.messages}
     * @param sampleKey a key whose Spanish text must load with its accents, and {@code sampleSpanish} a part of it
     */
    protected SpanishBundleContract(String bundleName, String sampleKey, String sampleSpanish) {
        super(bundleName, Locale.forLanguageTag("es"), sampleKey, sampleSpanish);
    }
}
