import { describe, expect, it } from 'vitest';
import { detectDeadline } from './detect-deadline.ts';

function dateOf(text: string): string | null {
  const d = detectDeadline(text, 2023);
  return d.explicit ? d.date : null;
}

describe('deadlines', () => {
  it('reads the forms plans use', () => {
    expect(dateOf('6月底前完成志稿终审')).toBe('2023-06-30');
    expect(dateOf('2023年10月底前报送')).toBe('2023-10-31');
    expect(dateOf('力争到年底馆藏达到17万册')).toBe('2023-12-31');
    expect(dateOf('上半年完成评审')).toBe('2023-06-30');
    expect(dateOf('下半年启动编纂')).toBe('2023-12-31');
    expect(dateOf('第三季度完成验收')).toBe('2023-09-30');
    expect(dateOf('一季度完成部署')).toBe('2023-03-31');
    expect(dateOf('9月30日前提交')).toBe('2023-09-30');
    expect(dateOf('2024年2月底前报送')).toBe('2024-02-29');
    expect(dateOf('十一月底前完成')).toBe('2023-11-30');
    expect(dateOf('11月中旬前完成')).toBe('2023-11-20');
  });

  it('keeps the text and span of the deadline', () => {
    const text = '组织评审，6月底前完成。';
    const d = detectDeadline(text, 2023);
    expect(d).toMatchObject({ text: '6月底前', explicit: true });
    expect(d.span && text.slice(d.span.start, d.span.end)).toBe('6月底前');
  });

  it('takes the latest when a task states several', () => {
    expect(dateOf('6月底前完成初稿，10月底前完成终审')).toBe('2023-10-31');
  });

  it('falls back to the end of the plan’s year, marked not explicit', () => {
    expect(detectDeadline('加强机关作风建设', 2023)).toEqual({ date: '2023-12-31', explicit: false, text: null });
  });

  it('does not take recurring reporting dates, meeting dates or dates in titles as deadlines', () => {
    expect(dateOf('每月23日前报送工作进展')).toBeNull();
    expect(dateOf('2023年3月21日召开会议')).toBeNull();
    expect(dateOf('学习《关于6月底前完成清理的通知》')).toBeNull();
    expect(dateOf('全年组织2次培训')).toBeNull();
  });

  it('reads what a 完成时限 cell or line says: a month, a date, 全年, 年中, and continuous forms', () => {
    const stated = (text: string) => detectDeadline(text, 2023, true);
    expect(stated('2023年11月')).toMatchObject({ date: '2023-11-30', explicit: true });
    expect(stated('6月15日')).toMatchObject({ date: '2023-06-15', explicit: true });
    expect(stated('2023.9.30')).toMatchObject({ date: '2023-09-30', explicit: true });
    expect(stated('全年')).toMatchObject({ date: '2023-12-31', explicit: true });
    expect(stated('完成时限：长期坚持')).toMatchObject({
      date: '2023-12-31',
      explicit: false,
      continuous: true,
      text: '长期坚持',
    });
    expect(stated('每季度')).toMatchObject({ continuous: true });
    expect(detectDeadline('持续推进数字方志建设', 2023).continuous).toBeUndefined();
  });

  it('reads ranges, next year and quarter ends', () => {
    expect(dateOf('3—6月开展巡查')).toBe('2023-06-30');
    expect(dateOf('明年年底前完成')).toBe('2024-12-31');
    expect(dateOf('明年3月底前出版')).toBe('2024-03-31');
    expect(dateOf('三季度末完成')).toBe('2023-09-30');
  });
});
