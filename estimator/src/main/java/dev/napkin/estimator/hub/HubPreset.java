package dev.napkin.estimator.hub;

import dev.napkin.estimator.model.Model;

/**
 * A bundled Hugging Face model: the model read from its config's architecture fields, and where they come from.
 *
 * @param source         the config.json on the Hub the fields are taken from
 * @param checkedAgainst the independent public text the fields were checked against
 * @param published      the totals its publisher states, which the tests check the counts against
 */
public record HubPreset(Model model, String source, String checkedAgainst, String published, String notes) {
    public HubPreset {
        if (model == null || source == null || source.isBlank() || published == null) {
            throw new IllegalArgumentException("a bundled Hub model needs its model, source and published totals");
        }
    }
}
