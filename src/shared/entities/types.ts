// The entity register's contract: entities (canonical name, label, variants, note), their mentions (spans that
// link to them through span.entityId in the page documents) and the proposals Galley makes.
import { z } from 'zod';

const pageId = z.number().int().positive();
/** An entity's id as the page documents store it in span.entityId. */
export const ENTITY_ID = /^ent-[0-9a-z]{6,32}$/;
export const EntityIdSchema = z.string().regex(ENTITY_ID, 'an entity id looks like ent-…');
const labelName = z.string().regex(/^[A-Za-z0-9_\-\u3400-\u9fff]{1,40}$/u, 'a label is 1–40 letters, digits, _ or -');
/** A name as it is written on the page: one line, no surrounding blanks. */
const nameText = z
  .string()
  .trim()
  .min(1, 'a name cannot be empty')
  .max(200, 'a name has at most 200 characters')
  .refine((s) => !/[\r\n]/.test(s), 'a name is one line');

export const EntitySchema = z.object({
  id: EntityIdSchema,
  label: z.string(),
  canonical: z.string(),
  variants: z.array(z.string()),
  note: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Entity = z.infer<typeof EntitySchema>;

export const EntitySummarySchema = EntitySchema.extend({
  mentions: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  /** Earliest and latest page date among its mentions (pages without a date are left out). */
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
});
export type EntitySummary = z.infer<typeof EntitySummarySchema>;

export const ENTITY_SORTS = ['mentions', 'name', 'recent'] as const;

export const EntityListArgsSchema = z.object({
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(1000).default(200),
  label: labelName.optional(),
  /** Matched against the canonical name and every variant. */
  text: z.string().max(200).optional(),
  match: z.enum(['contains', 'prefix', 'exact']).default('contains'),
  sort: z.enum(ENTITY_SORTS).default('mentions'),
});
export type EntityListArgs = z.input<typeof EntityListArgsSchema>;

export const EntityListResultSchema = z.object({
  total: z.number().int().nonnegative(),
  rows: z.array(EntitySummarySchema),
});

export const MentionSchema = z.object({
  pageId,
  fileName: z.string(),
  newspaper: z.string().nullable(),
  date: z.string().nullable(),
  pageNo: z.string().nullable(),
  spanId: z.string(),
  blockId: z.string(),
  articleIndex: z.number().int().nonnegative(),
  label: z.string(),
  text: z.string(),
  /** UTF-16 offsets in the block's text, end exclusive. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** Up to 30 characters of the block on either side of the mention. */
  before: z.string(),
  after: z.string(),
});
export type Mention = z.infer<typeof MentionSchema>;

export const EntityDetailSchema = z.object({
  entity: EntitySummarySchema,
  mentions: z.object({ total: z.number().int().nonnegative(), rows: z.array(MentionSchema) }),
});
export type EntityDetail = z.infer<typeof EntityDetailSchema>;

export const EntityGetArgsSchema = z.object({
  id: EntityIdSchema,
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(1000).default(200),
});

const variantList = z.array(nameText).max(200, 'an entity has at most 200 variants');

export const EntityCreateArgsSchema = z.object({
  label: labelName,
  canonical: nameText,
  variants: variantList.default([]),
  note: z.string().max(10_000).default(''),
});

export const EntityUpdateArgsSchema = z.object({
  id: EntityIdSchema,
  label: labelName.optional(),
  canonical: nameText.optional(),
  /** The whole variant list (replaces the old one). */
  variants: variantList.optional(),
  note: z.string().max(10_000).optional(),
});

export const SpanRefSchema = z.object({ pageId, spanId: z.string().min(1).max(200) });
export type SpanRef = z.infer<typeof SpanRefSchema>;

export const EntityLinkArgsSchema = z
  .object({
    id: EntityIdSchema,
    /** These spans… */
    spans: z.array(SpanRefSchema).min(1).max(10_000).optional(),
    /** …or every span with this text and label not yet linked to an entity of the register. */
    unlinked: z.object({ text: nameText, label: labelName }).strict().optional(),
  })
  .strict()
  .refine((a) => (a.spans === undefined) !== (a.unlinked === undefined), 'give either spans or unlinked');

export const EntityLinkResultSchema = z.object({
  /** Spans newly linked, and the pages whose documents got a new revision. */
  linked: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  entity: EntitySummarySchema,
});

export const ProposalSchema = z.discriminatedUnion('kind', [
  z.object({
    /** Unlinked spans with the same text and label on 2+ pages: create an entity for them. */
    kind: z.literal('create'),
    key: z.string(),
    label: z.string(),
    text: z.string(),
    mentions: z.number().int().nonnegative(),
    pages: z.number().int().nonnegative(),
  }),
  z.object({
    /** Unlinked spans whose text names an existing entity of the same label: link them to it. */
    kind: z.literal('link'),
    key: z.string(),
    label: z.string(),
    text: z.string(),
    mentions: z.number().int().nonnegative(),
    pages: z.number().int().nonnegative(),
    entityId: EntityIdSchema,
    canonical: z.string(),
  }),
  z.object({
    /** Two entities of the same label sharing a name: merge `sourceId` into `targetId`. */
    kind: z.literal('merge'),
    key: z.string(),
    label: z.string(),
    text: z.string(),
    targetId: EntityIdSchema,
    targetCanonical: z.string(),
    targetMentions: z.number().int().nonnegative(),
    sourceId: EntityIdSchema,
    sourceCanonical: z.string(),
    sourceMentions: z.number().int().nonnegative(),
  }),
]);
export type Proposal = z.infer<typeof ProposalSchema>;

export const ProposalListSchema = z.object({
  total: z.number().int().nonnegative(),
  rows: z.array(ProposalSchema),
});

const proposalKey = z.string().min(1).max(1000);

export const EntityApiMethods = {
  'entities.list': { args: EntityListArgsSchema.strict(), result: EntityListResultSchema },
  'entities.get': { args: EntityGetArgsSchema.strict(), result: EntityDetailSchema },
  'entities.create': { args: EntityCreateArgsSchema.strict(), result: EntitySummarySchema },
  'entities.update': { args: EntityUpdateArgsSchema.strict(), result: EntitySummarySchema },
  'entities.delete': {
    args: z.object({ id: EntityIdSchema }).strict(),
    result: z.object({ unlinked: z.number().int().nonnegative(), pages: z.number().int().nonnegative() }),
  },
  'entities.link': { args: EntityLinkArgsSchema, result: EntityLinkResultSchema },
  'entities.merge': {
    args: z
      .object({ targetId: EntityIdSchema, sourceId: EntityIdSchema })
      .strict()
      .refine((a) => a.targetId !== a.sourceId, 'an entity cannot be merged into itself'),
    result: EntityLinkResultSchema,
  },
  'entities.proposals': {
    args: z
      .object({
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(1000).default(200),
      })
      .strict(),
    result: ProposalListSchema,
  },
  'entities.acceptProposal': {
    args: z.object({ key: proposalKey }).strict(),
    result: EntityLinkResultSchema,
  },
  'entities.dismissProposal': {
    args: z.object({ key: proposalKey }).strict(),
    result: z.object({ dismissed: z.boolean() }),
  },
} as const;
