// The schema-defining extensions of the page editor, in one list so the editor and the unit tests agree.
import type { AnyExtension } from '@tiptap/core';

import { Article } from './article';
import { Block } from './block';
import { PageDoc } from './document';
import { Entity } from './entity';
import { Text } from './text';

export function schemaExtensions(): AnyExtension[] {
  return [PageDoc, Article, Block, Text, Entity];
}
