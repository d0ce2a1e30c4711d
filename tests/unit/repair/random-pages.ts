// Test helper: a seeded PRNG and random pages made of typical OCR'd newspaper lines (headings, datelines,
// jump markers, credits, captions, OCR noise) joined by every kind of line break.

import { prng } from '../../helpers/random';

/** The shared seeded PRNG, under the name these tests use. */
export const rng = prng;

const PARTS = [
  '本报讯（记者 张三）昨日，市政府召开常务会议，研究部署夏季安全生产工作。',
  '会议指出,当前,我省疫情防控正处在特殊关键时期,落实二十条优化措',
  '施,重点再聚焦、力度再加大。',
  '（下转第二版）',
  '(上接 04 版)',
  '【紧接A1版】的消费热情。',
  '# 研究部署夏季安全生产工作',
  '## 周立新主持会议并讲话',
  '#标题',
  '王东峰在石家庄市调研检查时强调',
  '强化执行力 全面抓落实 扎扎实实做好检测流调隔离工作',
  '责任编辑 王晶晶 版面编辑 宋风渊',
  '今日 易读',
  '2 版',
  'GSPC 提醒您关注身体健康',
  '在疫情防控 and 应急处置中，视频会议会议精神',
  '新华社北京5月20日电',
  '本报记者 王君平',
  '“他说：',
  '𠮷野家的𠮷字',
  'Hello, world. 1,000 PM2.5',
  '（责任编辑：张三）',
  '图为5月19日，农民在麦田里收获小麦。新华社记者 李安 摄',
  '一、加强市场监测预警。',
  '　　缩进的段落开头，',
  '%以上',
  '#',
  '###### 六级',
];
const BREAKS = ['\n', '\n\n', '\r\n', '\r\n\r\n', '\r', '\n \n', ' '];

export function randomPage(r: () => number): string {
  let s = r() < 0.3 ? '\uFEFF' : '';
  const n = 1 + Math.floor(r() * 25);
  for (let i = 0; i < n; i++) {
    s += PARTS[Math.floor(r() * PARTS.length)] ?? '';
    if (r() < 0.2) s += PARTS[Math.floor(r() * PARTS.length)] ?? '';
    s += BREAKS[Math.floor(r() * BREAKS.length)] ?? '\n';
  }
  return s;
}
