// The schema-defining extensions of the page editor, in one list so the editor and the unit tests agree.
import type { AnyExtension } from '@tiptap/core';

import type { BlockRole } from '../../../../shared/domain';
import { Article } from './article';
import { Block } from './block';
import { PageDoc } from './document';
import { Entity } from './entity';
import { Text } from './text';

export function schemaExtensions(roleLabel?: (role: BlockRole) => string): AnyExtension[] {
  return [PageDoc, Article, roleLabel ? Block.configure({ roleLabel }) : Block, Text, Entity];
}
