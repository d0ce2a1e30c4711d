// Why the repair engine suggests what it suggests, in words for the researcher (i18next {{param}} style).
// Keys are the `reason.key` of a Suggestion; every key exists in both languages with the same parameters.

export const repairReasons: { en: Record<string, string>; 'zh-CN': Record<string, string> } = {
  en: {
    // merge: a column break inside one paragraph
    'merge.midSentence':
      'Fragment ends mid-sentence (last character “{{last}}”, no 。！？), so the next one continues it',
    'merge.midSentenceFullColumn':
      "Line ends mid-sentence (no 。！？) and is {{width}} characters long, like the page's other full columns ({{column}})",
    'merge.fullColumn':
      'Fragment is {{width}} characters long, a full column on this page ({{column}}): the column ended, not the paragraph',
    'merge.fullColumnAfterStop':
      'Ends with “{{last}}” but is {{width}} characters long, a full column ({{column}}): the column break probably fell right after a sentence, inside the paragraph',
    'merge.danglingWord': 'Fragment ends with “{{last}}”, a word that cannot end a sentence',
    'merge.softPunctuation': 'Fragment ends with “{{last}}”, which does not end a paragraph',
    'merge.openBracket':
      'A bracket or quotation mark (“{{open}}”) opened in this fragment is only closed in the next one',
    'merge.nextStartsWithPunctuation':
      'The next fragment starts with “{{first}}”, which never starts a line in Chinese typesetting',
    'merge.nextFinishesSentence': 'The next fragment opens by finishing a sentence (“{{text}}”) begun in this one',
    'merge.nextContinues': 'The next fragment starts with “{{word}}”, which cannot open a sentence',
    'merge.wordAcross':
      '“{{word}}” straddles the break and occurs {{count}} more time(s) on this page: a word was cut in two',
    'merge.lineWrap':
      'Only a line break (no blank line) separates the fragments, while this page separates blocks with blank lines',
    'merge.noIndent': 'This page indents paragraph starts and the next fragment is not indented',
    'merge.dateline': 'A dateline on its own line (“{{text}}”) belongs at the start of the paragraph that follows',
    // merge rejected: a real paragraph end
    'merge.no.sentenceEnd': 'Fragment ends with “{{last}}”, a sentence end, and nothing suggests the paragraph goes on',
    'merge.no.byline':
      'The next fragment opens with a dateline or byline (“{{text}}”): a new paragraph, usually a new article',
    'merge.no.enumeration': 'The next fragment opens a numbered item (“{{first}}”)',
    'merge.no.shortLine':
      "Fragment ends without punctuation but is only {{width}} characters long, well short of the page's full columns ({{column}}): a paragraph end",
    'merge.no.wordAcross': '“{{word}}” across the break occurs nowhere else on the page',
    'merge.no.indent': 'The next fragment is indented by {{indent}}, as paragraph starts are on this page',
    // roles in a headline stack
    'role.markdownKicker': 'Marked “{{marker}}” above the main “#” headline: a kicker (引题)',
    'role.markdownHeadline': 'Marked “{{marker}}”, the top heading level of its stack: the main headline (主题)',
    'role.markdownSubtitle': 'Marked “{{marker}}” below the main “#” headline: a subtitle (副题)',
    'role.kickerCue': 'Line above the main headline ending in “{{cue}}”, the lead-in of a kicker (引题)',
    'role.kickerPosition': 'Line above the main headline of its stack ({{width}} characters): a kicker (引题)',
    'role.headlineMain':
      'Main line of the headline stack ({{parts}} part(s), {{width}} characters): the headline (主题)',
    'role.subtitleCue': 'Line below the main headline reporting who attended or spoke (“{{cue}}”): a subtitle (副题)',
    'role.subtitlePosition': 'Line below the main headline of its stack ({{width}} characters): a subtitle (副题)',
    'role.runTogetherKicker.cue':
      'Kicker and headline run together on one line; the first part “{{text}}” ends in “{{cue}}”, like a kicker (引题)',
    'role.runTogetherKicker.parallel':
      'Kicker and headline run together on one line; “{{text}}” stands apart from the parallel headline phrases after it',
    'role.runTogetherKicker.event':
      'Kicker and headline run together on one line; “{{text}}” tells who did what (“{{cue}}”), like a kicker (引题)',
    'role.runTogetherKicker.label':
      'Kicker and headline run together on one line; the short first part “{{text}}” labels the longer statement after it, like a kicker (引题)',
    'role.runTogetherSubtitle': 'Subtitle run together with the headline on one line: “{{text}}”',
    'role.byline': 'Reporter credit printed on its own line: “{{text}}”',
    'role.caption': 'Photo caption: “{{text}}”',
    // jumps
    'jump.continuedOn': 'Jump marker “{{text}}”: the article continues on page {{page}}',
    'jump.continuedFrom': 'Jump marker “{{text}}”: the text below continues an article from page {{page}}',
    // furniture
    'furniture.editorCredit': 'Editor credit (“{{cue}}”): page furniture, not article text',
    'furniture.pageNumber': 'Page number or section label (“{{cue}}”)',
    'furniture.masthead': 'Masthead or date line (“{{cue}}”)',
    'furniture.teaser': 'Teaser box pointing to other pages (“{{cue}}”, {{lines}} line(s))',
    'furniture.ad': 'Advertisement (“{{cue}}”, {{lines}} line(s))',
    'furniture.box': 'Box of short lines with no sentence in it, next to “{{cue}}” ({{lines}} line(s))',
    'furniture.orphanHeading': 'Headline-like line(s) that no article text follows: “{{cue}}”',
    // articles
    'move.headlineAfterBody':
      'Headline found after {{paragraphs}} paragraph(s) of an article that has none; {{overlap}}% of its wording appears in that article',
    'split.headline': 'A new headline stack starts a new article here',
    'split.byline': 'A dateline or byline (“{{text}}”) starts a new article here',
    'split.afterJump': 'The article before ended with a jump to page {{page}}; this text belongs to another article',
    'split.continuation': 'Continuation of an article from page {{page}} starts here',
    // OCR suspects
    'ocr.latinWord': 'Latin word “{{word}}” inside Chinese text: OCR or pipeline noise?',
    'ocr.latinFunctionWord':
      'English word “{{word}}” between Chinese words: probably left by a translation or OCR step',
    'ocr.doubledWord': '“{{text}}” is written twice in a row',
    'ocr.repeatedClause': 'The same clause (“{{text}}”) is written twice in a row',
    'ocr.repeatedOpening':
      'Two neighbouring clauses start with the same {{length}} characters (“{{text}}”): one may be a pasted variant',
    // punctuation
    'punct.halfWidth': '{{count}} half-width punctuation mark(s) ({{marks}}) in Chinese text could be full-width',
  },
  'zh-CN': {
    'merge.midSentence': '片段在句中结束（末字“{{last}}”，没有。！？），下一片段接续此句',
    'merge.midSentenceFullColumn': '此行在句中结束（没有。！？），长 {{width}} 字，与本版其他满栏一样（{{column}} 字）',
    'merge.fullColumn': '片段长 {{width}} 字，正是本版满栏宽度（{{column}} 字）：断开的是栏，不是段落',
    'merge.fullColumnAfterStop':
      '虽以“{{last}}”结尾，但长 {{width}} 字，是满栏（{{column}} 字）：转栏恰好落在句末，段落可能尚未结束',
    'merge.danglingWord': '片段以“{{last}}”结尾，这个词不能结束句子',
    'merge.softPunctuation': '片段以“{{last}}”结尾，段落不会在此结束',
    'merge.openBracket': '本片段中的括号或引号（“{{open}}”）到下一片段才闭合',
    'merge.nextStartsWithPunctuation': '下一片段以“{{first}}”开头，按中文排版规则它不会出现在行首',
    'merge.nextFinishesSentence': '下一片段开头（“{{text}}”）是在补完本片段未完的句子',
    'merge.nextContinues': '下一片段以“{{word}}”开头，这样的词不能作为句子开头',
    'merge.wordAcross': '断开处的“{{word}}”在本版另出现 {{count}} 次：一个词被拆成两半',
    'merge.lineWrap': '两片段之间只有换行而无空行，而本版用空行分隔文本块',
    'merge.noIndent': '本版段首缩进，而下一片段没有缩进',
    'merge.dateline': '单独成行的电头（“{{text}}”）属于其后段落的开头',
    'merge.no.sentenceEnd': '片段以句末标点“{{last}}”结尾，没有迹象表明段落仍在继续',
    'merge.no.byline': '下一片段以电头或署名开头（“{{text}}”）：新段落，通常也是新文章',
    'merge.no.enumeration': '下一片段以序号开头（“{{first}}”）',
    'merge.no.shortLine': '片段虽无标点结尾，但只有 {{width}} 字，明显短于本版满栏（{{column}} 字）：段落在此结束',
    'merge.no.wordAcross': '断开处的“{{word}}”在本版其他地方没有出现',
    'merge.no.indent': '下一片段缩进 {{indent}} 字，与本版段首一样',
    'role.markdownKicker': '标记为“{{marker}}”，位于主标题“#”之上：引题',
    'role.markdownHeadline': '标记为“{{marker}}”，是本组标题的最高级别：主题',
    'role.markdownSubtitle': '标记为“{{marker}}”，位于主标题“#”之下：副题',
    'role.kickerCue': '位于主标题之上、以“{{cue}}”结尾的一行：引题',
    'role.kickerPosition': '位于本组主标题之上的一行（{{width}} 字）：引题',
    'role.headlineMain': '本组标题的主行（{{parts}} 部分，{{width}} 字）：主题',
    'role.subtitleCue': '位于主标题之下、说明出席或讲话者的一行（“{{cue}}”）：副题',
    'role.subtitlePosition': '位于本组主标题之下的一行（{{width}} 字）：副题',
    'role.runTogetherKicker.cue': '引题与主题挤在同一行；第一部分“{{text}}”以“{{cue}}”结尾，是引题',
    'role.runTogetherKicker.parallel': '引题与主题挤在同一行；“{{text}}”与其后对仗的标题短语不同，是引题',
    'role.runTogetherKicker.event': '引题与主题挤在同一行；“{{text}}”交代人物与事件（“{{cue}}”），是引题',
    'role.runTogetherKicker.label': '引题与主题挤在同一行；较短的第一部分“{{text}}”是其后较长标题的标签，是引题',
    'role.runTogetherSubtitle': '副题与主题挤在同一行：“{{text}}”',
    'role.byline': '单独成行的记者署名：“{{text}}”',
    'role.caption': '图片说明：“{{text}}”',
    'jump.continuedOn': '转版标记“{{text}}”：文章转至第 {{page}} 版继续',
    'jump.continuedFrom': '转版标记“{{text}}”：以下文字接续第 {{page}} 版的文章',
    'furniture.editorCredit': '编辑署名（“{{cue}}”）：版面元素，不是文章正文',
    'furniture.pageNumber': '版次或栏目标识（“{{cue}}”）',
    'furniture.masthead': '报头或日期行（“{{cue}}”）',
    'furniture.teaser': '导读框，指向其他版面（“{{cue}}”，共 {{lines}} 行）',
    'furniture.ad': '广告（“{{cue}}”，共 {{lines}} 行）',
    'furniture.box': '一组不含句子的短行，与“{{cue}}”同框（共 {{lines}} 行）',
    'furniture.orphanHeading': '形似标题、但其后没有正文的行：“{{cue}}”',
    'move.headlineAfterBody': '标题出现在一篇无标题文章的第 {{paragraphs}} 段之后；其中 {{overlap}}% 的字词见于该文',
    'split.headline': '新的一组标题在此开始一篇新文章',
    'split.byline': '电头或署名（“{{text}}”）在此开始一篇新文章',
    'split.afterJump': '前一篇文章以转至第 {{page}} 版结束；此处文字属于另一篇文章',
    'split.continuation': '接续第 {{page}} 版的文章从此处开始',
    'ocr.latinWord': '中文里夹着拉丁字母词“{{word}}”：可能是识别或处理错误',
    'ocr.latinFunctionWord': '中文词语之间夹着英文词“{{word}}”：多半是翻译或识别步骤留下的',
    'ocr.doubledWord': '“{{text}}”连续重复了两次',
    'ocr.repeatedClause': '同一分句（“{{text}}”）连续出现两次',
    'ocr.repeatedOpening': '相邻两个分句开头有 {{length}} 字相同（“{{text}}”）：其一可能是误贴的变体',
    'punct.halfWidth': '中文中有 {{count}} 个半角标点（{{marks}}），可改为全角',
  },
};
