/**
 * Request and response types of the cloze-edge HTTP API, generated from GET /openapi.json by
 * openapi-typescript. Do not edit: run `npm run client:types` after changing a route schema
 * (test/unit/client-types.test.ts fails while this file is stale). Use with openapi-fetch.
 */

export interface paths {
    "/v1/fill-mask": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Top-k vocabulary tokens for each [MASK] in the text */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["FillMaskRequest"];
                };
            };
            responses: {
                /** @description One list of predictions per mask */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FillMaskResponse"];
                    };
                };
                /** @description Malformed JSON */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid API key (when CLOZE_API_KEYS is set) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown config */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body or text too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid field (names it) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limit reached (Retry-After says when to retry) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Model loading, inference queue full, or shutting down (Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The request ran past its deadline */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/classify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Zero-shot classification with a template and a verbalizer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ClassifyRequest"];
                };
            };
            responses: {
                /** @description Label and per-class probabilities (or `results` for `texts`) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ClassifyResponse"];
                    };
                };
                /** @description Malformed JSON */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid API key (when CLOZE_API_KEYS is set) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown config */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body or text too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid field (names it) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limit reached (Retry-After says when to retry) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Model loading, inference queue full, or shutting down (Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The request ran past its deadline */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ner": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Zero-shot named entities with character offsets */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NerRequest"];
                };
            };
            responses: {
                /** @description Entities (or `results` for `texts`) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NerResponse"];
                    };
                };
                /** @description Malformed JSON */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid API key (when CLOZE_API_KEYS is set) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown config */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body or text too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid field (names it) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limit reached (Retry-After says when to retry) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Model loading, inference queue full, or shutting down (Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The request ran past its deadline */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/configs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Presets and stored configs */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description All configs; stored documents that no longer validate are listed under `invalid` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            configs: components["schemas"]["ConfigSummary"][];
                            invalid?: components["schemas"]["InvalidConfig"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/configs/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One config */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The config */
                200: {
                    headers: {
                        /** @description entity tag of this stored version */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StoredConfig"];
                    };
                };
                /** @description No such config */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The stored document no longer validates (`config_invalid`): PUT or DELETE it */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid field (names it) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Create or replace a config (validated and compiled against the model first) */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description write only if the current ETag matches (`*`: only if it exists); 412 otherwise */
                    "if-match"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        task: "classify";
                        description?: string;
                        template: string;
                        /** @description more templates asked beside `template` (an ensemble): class scores are the mean of their log-probabilities, renormalized; each adds a prompt row per text */
                        templates?: string[];
                        verbalizer: {
                            [key: string]: string[];
                        };
                        /**
                         * @default {
                         *       "aggregation": "sum",
                         *       "calibrate": false
                         *     }
                         */
                        options?: {
                            /**
                             * @description how label-word probabilities become class scores
                             * @default sum
                             * @enum {string}
                             */
                            aggregation?: "sum" | "mean_logprob";
                            /**
                             * @description contextual calibration against content-free inputs
                             * @default false
                             */
                            calibrate?: boolean;
                            /** @description class scores become softmax(log p / temperature): calibrated confidence; absent: a fitted one, else the default (2) */
                            temperature?: number;
                        };
                        /** @description labelled examples the config is fitted on */
                        examples?: {
                            text: string;
                            label: string;
                        }[];
                        /** @description state fitted on `examples` (written by PUT) */
                        learned?: {
                            /** @enum {string} */
                            method: "zero_shot" | "calibration" | "head";
                            features: string[];
                            center: number[];
                            scale: number[];
                            weights: number[][];
                            bias: number[];
                            thresholds?: {
                                [key: string]: number;
                            };
                            /** @description text n-grams the head reads: "w:word", "w:word word" (bigram), "c:abc" (character trigram of a word, "<"/">" its edges) */
                            ngrams?: string[];
                            /** @description one row per class: what each n-gram present in the text adds to its logit (× 1/√hits) */
                            ngram_weights?: number[][];
                            /** @description class logits are divided by it (chosen by cross-validation on the examples): calibrated scores */
                            temperature?: number;
                            label_words: {
                                [key: string]: {
                                    word: string;
                                    score: number;
                                    mean_in: number;
                                    mean_out: number;
                                }[];
                            };
                            fit: {
                                examples: number;
                                rows: number;
                                folds: number;
                                lambda: number;
                                /** @description the candidate kept: zero_shot, calibration, head_classes (a head over the class scores only), head (and mask words), with _ngrams when it reads text n-grams */
                                chosen?: string;
                                cv_accuracy?: number;
                                cv_f1?: number;
                                candidates: {
                                    method: string;
                                    lambda: number;
                                    score: number;
                                    /** @description share of bootstrap resamples of the examples on which it beats zero-shot */
                                    wins?: number;
                                    /** @description one-sided sign-test p-value of "no better than zero-shot" */
                                    p?: number;
                                }[];
                                model: string;
                                /** @description content hash of template, words, options, examples and model the state was fitted on */
                                fitted_on: string;
                            };
                        };
                        webhook?: {
                            /** @description RFC 6901 pointer to a text or an array of texts, e.g. /data/review/body (a ?text_pointer= on the URL wins) */
                            text_pointer: string;
                        };
                        /** @description the model this config runs on: a folder of that name under CLOZE_MODELS_DIR (Worker: under models/ in its assets), e.g. one `cloze-edge tune` wrote; unset: the default model */
                        model?: string;
                    } | {
                        /** @enum {string} */
                        task: "ner";
                        description?: string;
                        template: string;
                        types: {
                            [key: string]: string[];
                        };
                        /**
                         * @default {
                         *       "aggregation": "sum",
                         *       "calibrate": false,
                         *       "none_words": [],
                         *       "threshold": 0.5,
                         *       "spans": "names",
                         *       "max_span_words": 3,
                         *       "capitalized": true,
                         *       "trim_stopwords": true,
                         *       "max_spans": 64,
                         *       "context_words": 0,
                         *       "evidence": false,
                         *       "context_ensemble": []
                         *     }
                         */
                        options?: {
                            /**
                             * @description how label-word probabilities become class scores
                             * @default sum
                             * @enum {string}
                             */
                            aggregation?: "sum" | "mean_logprob";
                            /** @default false */
                            calibrate?: boolean;
                            /**
                             * @description label words of the "not an entity" class
                             * @default []
                             */
                            none_words?: string[];
                            /**
                             * @description minimum probability of the winning type
                             * @default 0.5
                             */
                            threshold?: number;
                            /**
                             * @description "names": each run of capitalized words is one candidate, its parts asked only when the whole is not an entity; "ngrams": every n-gram competes
                             * @default names
                             * @enum {string}
                             */
                            spans?: "names" | "ngrams";
                            /** @default 3 */
                            max_span_words?: number;
                            /**
                             * @description only spans whose words are capitalized
                             * @default true
                             */
                            capitalized?: boolean;
                            /**
                             * @description drop spans starting or ending with a stopword
                             * @default true
                             */
                            trim_stopwords?: boolean;
                            /** @default 64 */
                            max_spans?: number;
                            /**
                             * @description {text} becomes this many words either side of the span (0 = the whole text); shorter prompts, faster NER
                             * @default 0
                             */
                            context_words?: number;
                            /**
                             * @description newswire-aware names (headlines truecased, trailing numbers trimmed, "X of Y" joins split) typed by a model over the prompt's probabilities plus word-list, layout and context evidence, with per-type thresholds; needs the person/location/organization/misc types and spans "names"
                             * @default false
                             */
                            evidence?: boolean;
                            /**
                             * @description more views of each span, averaged with the main one: N words of context either side (0 = the whole text); each view adds a prompt row per span
                             * @default []
                             */
                            context_ensemble?: number[];
                        };
                        /** @description labelled sentences the config is fitted on */
                        examples?: {
                            text: string;
                            entities: {
                                start: number;
                                end: number;
                                type: string;
                            }[];
                        }[];
                        /** @description state fitted on `examples` (written by PUT) */
                        learned?: {
                            /** @enum {string} */
                            method: "zero_shot" | "calibration" | "head";
                            features: string[];
                            center: number[];
                            scale: number[];
                            weights: number[][];
                            bias: number[];
                            thresholds?: {
                                [key: string]: number;
                            };
                            /** @description text n-grams the head reads: "w:word", "w:word word" (bigram), "c:abc" (character trigram of a word, "<"/">" its edges) */
                            ngrams?: string[];
                            /** @description one row per class: what each n-gram present in the text adds to its logit (× 1/√hits) */
                            ngram_weights?: number[][];
                            /** @description class logits are divided by it (chosen by cross-validation on the examples): calibrated scores */
                            temperature?: number;
                            label_words: {
                                [key: string]: {
                                    word: string;
                                    score: number;
                                    mean_in: number;
                                    mean_out: number;
                                }[];
                            };
                            fit: {
                                examples: number;
                                rows: number;
                                folds: number;
                                lambda: number;
                                /** @description the candidate kept: zero_shot, calibration, head_classes (a head over the class scores only), head (and mask words), with _ngrams when it reads text n-grams */
                                chosen?: string;
                                cv_accuracy?: number;
                                cv_f1?: number;
                                candidates: {
                                    method: string;
                                    lambda: number;
                                    score: number;
                                    /** @description share of bootstrap resamples of the examples on which it beats zero-shot */
                                    wins?: number;
                                    /** @description one-sided sign-test p-value of "no better than zero-shot" */
                                    p?: number;
                                }[];
                                model: string;
                                /** @description content hash of template, words, options, examples and model the state was fitted on */
                                fitted_on: string;
                            };
                        };
                        webhook?: {
                            /** @description RFC 6901 pointer to a text or an array of texts, e.g. /data/review/body (a ?text_pointer= on the URL wins) */
                            text_pointer: string;
                        };
                        /** @description the model this config runs on: a folder of that name under CLOZE_MODELS_DIR (Worker: under models/ in its assets), e.g. one `cloze-edge tune` wrote; unset: the default model */
                        model?: string;
                    };
                };
            };
            responses: {
                /** @description Replaced */
                200: {
                    headers: {
                        /** @description entity tag of this stored version */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StoredConfig"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        /** @description entity tag of this stored version */
                        ETag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StoredConfig"];
                    };
                };
                /** @description Malformed JSON */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid API key (when CLOZE_API_KEYS is set) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown config */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Presets are read-only */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match does not match the current version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body or text too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid field (names it) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limit reached (Retry-After says when to retry) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Model loading, inference queue full, or shutting down (Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The request ran past its deadline */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        /** Delete a stored config */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description write only if the current ETag matches (`*`: only if it exists); 412 otherwise */
                    "if-match"?: string;
                };
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description No such config */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Presets are read-only */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match does not match the current version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid field (names it) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/configs/{name}/diagnose": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verbalizer diagnostics: tokenization of each label word, priors, words that never win */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Diagnostics */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VerbalizerDiagnosis"];
                    };
                };
                /** @description Unknown config */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid field (names it) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Score a config on a few labelled rows (accuracy, macro-F1, confusion; exact-span P/R/F1 for NER) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["EvaluateRequest"];
                };
            };
            responses: {
                /** @description Metrics */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EvaluateResponse"];
                    };
                };
                /** @description Malformed JSON */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid API key (when CLOZE_API_KEYS is set) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown config */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body or text too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Invalid field (names it) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rate limit reached (Retry-After says when to retry) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Model loading, inference queue full, or shutting down (Retry-After) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The request ran past its deadline */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        FillMaskResponse: {
            predictions: components["schemas"]["Prediction"][][];
        };
        Prediction: {
            /** @example great */
            token: string;
            /** @example 2307 */
            token_id: number;
            /** @example 0.42 */
            score: number;
        };
        Problem: {
            /** @example https://cloze-edge.dev/problems/config_not_found */
            type: string;
            title: string;
            status: number;
            detail: string;
            /**
             * @description stable machine-readable error code
             * @example config_not_found
             */
            code: string;
            /**
             * @description the offending request field
             * @example config
             */
            field?: string;
            errors?: {
                field: string;
                message: string;
            }[];
            /** @description the x-request-id of the request, also in the logs */
            request_id?: string;
        };
        FillMaskRequest: {
            /** @example natural language processing is a [MASK] technology. */
            text: string;
            /** @default 5 */
            top_k: number;
            /** @description score only these words */
            targets?: string[];
        };
        ClassifyResponse: components["schemas"]["ClassifyResult"] | {
            results: components["schemas"]["ClassifyResult"][];
        };
        ClassifyResult: {
            label: string;
            scores: {
                [key: string]: number;
            };
            truncated: boolean;
            predictions?: components["schemas"]["Prediction"][];
        };
        /**
         * @description Exactly one of `text` / `texts`; a config by name (`config`) or inline (`template` with `verbalizer`, optionally `templates`), never both; `options` only with an inline config.
         * @example {
         *       "text": "I really like the film a lot.",
         *       "config": "sentiment"
         *     }
         */
        ClassifyRequest: {
            /** @description one text (or use `texts`) */
            text?: string;
            /** @description up to 64 texts, answered as `results` */
            texts?: string[];
            /**
             * @description stored or preset config name (default `sentiment`)
             * @example sentiment
             */
            config?: string;
            /** @description inline template, e.g. `{text} It was [MASK].` */
            template?: string;
            /** @description more inline templates beside `template` (an ensemble): class scores are the mean of their log-probabilities */
            templates?: string[];
            /** @description inline label → label words */
            verbalizer?: {
                [key: string]: string[];
            };
            options?: {
                /**
                 * @description how label-word probabilities become class scores
                 * @default sum
                 * @enum {string}
                 */
                aggregation: "sum" | "mean_logprob";
                /**
                 * @description contextual calibration against content-free inputs
                 * @default false
                 */
                calibrate: boolean;
                /** @description class scores become softmax(log p / temperature): calibrated confidence; absent: a fitted one, else the default (2) */
                temperature?: number;
            };
            /** @description override the config’s calibration */
            calibrate?: boolean;
            /** @description return top mask predictions (true = 5) */
            explain?: boolean | number;
        } & (unknown | unknown);
        NerResponse: components["schemas"]["NerResult"] | {
            results: components["schemas"]["NerResult"][];
        };
        NerResult: {
            entities: components["schemas"]["Entity"][];
            truncated: boolean;
        };
        Entity: {
            text: string;
            type: string;
            start: number;
            end: number;
            score: number;
        };
        /**
         * @description Exactly one of `text` / `texts`; a config by name (`config`) or inline (`template` with `types`), never both; `options` only with an inline config.
         * @example {
         *       "text": "John went to Paris to visit the University."
         *     }
         */
        NerRequest: {
            /** @description one text (or use `texts`) */
            text?: string;
            /** @description up to 16 texts, answered as `results` */
            texts?: string[];
            /**
             * @description stored or preset NER config (default `ner`)
             * @example ner
             */
            config?: string;
            /** @description inline template with {span} and [MASK] */
            template?: string;
            /** @description inline entity type → label words */
            types?: {
                [key: string]: string[];
            };
            options?: {
                /**
                 * @description how label-word probabilities become class scores
                 * @default sum
                 * @enum {string}
                 */
                aggregation: "sum" | "mean_logprob";
                /** @default false */
                calibrate: boolean;
                /**
                 * @description label words of the "not an entity" class
                 * @default []
                 */
                none_words: string[];
                /**
                 * @description minimum probability of the winning type
                 * @default 0.5
                 */
                threshold: number;
                /**
                 * @description "names": each run of capitalized words is one candidate, its parts asked only when the whole is not an entity; "ngrams": every n-gram competes
                 * @default names
                 * @enum {string}
                 */
                spans: "names" | "ngrams";
                /** @default 3 */
                max_span_words: number;
                /**
                 * @description only spans whose words are capitalized
                 * @default true
                 */
                capitalized: boolean;
                /**
                 * @description drop spans starting or ending with a stopword
                 * @default true
                 */
                trim_stopwords: boolean;
                /** @default 64 */
                max_spans: number;
                /**
                 * @description {text} becomes this many words either side of the span (0 = the whole text); shorter prompts, faster NER
                 * @default 0
                 */
                context_words: number;
                /**
                 * @description newswire-aware names (headlines truecased, trailing numbers trimmed, "X of Y" joins split) typed by a model over the prompt's probabilities plus word-list, layout and context evidence, with per-type thresholds; needs the person/location/organization/misc types and spans "names"
                 * @default false
                 */
                evidence: boolean;
                /**
                 * @description more views of each span, averaged with the main one: N words of context either side (0 = the whole text); each view adds a prompt row per span
                 * @default []
                 */
                context_ensemble: number[];
            };
        } & (unknown | unknown);
        ConfigSummary: {
            name: string;
            task: string;
            hash: string;
            preset: boolean;
            description?: string;
        };
        /** @description a stored document that no longer validates: skipped, and deletable */
        InvalidConfig: {
            name: string;
            problem: string;
        };
        StoredConfig: {
            name: string;
            /** @description content hash of the config document */
            hash: string;
            preset: boolean;
            updated_at?: string;
            /** @description the config document (task, template, verbalizer | types, options) */
            config: {
                [key: string]: unknown;
            };
        };
        VerbalizerDiagnosis: {
            name: string;
            labels: string[];
            class_prior: {
                [key: string]: number;
            };
            probes: number;
            /** @description templates each probe is asked through (`template` plus `templates`); word scores are their mean */
            templates: number;
            words: {
                label: string;
                word: string;
                pieces: string[];
                token_ids: number[];
                /** @description probability at the mask for content-free inputs */
                prior: number;
                /** @description probes on which this is the most probable label word */
                wins: number;
                warnings: string[];
            }[];
            warnings: string[];
        };
        EvaluateResponse: {
            /** @enum {string} */
            task: "classify" | "ner";
            n: number;
            metrics: {
                accuracy: number;
                macro_f1: number;
                labels: string[];
                confusion: number[][];
            } | {
                precision: number;
                recall: number;
                f1: number;
                span_f1: number;
                per_type: {
                    [key: string]: {
                        precision: number;
                        recall: number;
                        f1: number;
                        support: number;
                    };
                };
            };
            predictions?: string[];
        };
        /**
         * @example {
         *       "config": "sentiment",
         *       "rows": [
         *         {
         *           "text": "A wonderful film.",
         *           "label": "positive"
         *         },
         *         {
         *           "text": "Dull and far too long.",
         *           "label": "negative"
         *         }
         *       ]
         *     }
         */
        EvaluateRequest: {
            /** @description stored or preset config to score */
            config: string;
            /** @description labelled rows: {text, label} for classify (≤ 64), {text, entities} for NER (≤ 16) */
            rows: {
                text: string;
                label?: string;
                entities?: {
                    start: number;
                    end: number;
                    type: string;
                }[];
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
